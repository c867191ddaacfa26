import { useId, useState } from 'react';
import { Empty, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CannedAnswer } from '@bangban/shared';

/** 常用语 picker: search by title, shortcut or text; a click (or Enter on a focused item) inserts it. */
export function CannedPicker({ canned, onPick, onClose }: { canned: CannedAnswer[]; onPick: (c: CannedAnswer) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const searchId = useId();
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const items = needle
    ? canned.filter((c) => [c.title, c.text, c.shortcut ?? '', c.unit].some((s) => s.toLowerCase().includes(needle)))
    : canned;

  return (
    <Modal open title={t('desk.cannedTitle')} footer={null} onCancel={onClose} destroyOnHidden width={640}>
      <div className="bb-field" style={{ marginBottom: 12 }}>
        <label htmlFor={searchId}>{t('desk.cannedSearch')}</label>
        <Input
          id={searchId}
          autoFocus
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onPressEnter={() => items[0] && onPick(items[0])}
          placeholder={t('desk.cannedSearchPlaceholder')}
        />
      </div>
      {items.length === 0 ? (
        <Empty description={canned.length ? t('desk.cannedNoMatch') : t('desk.cannedNone')} />
      ) : (
        <ul className="bb-desk-canned-list" aria-label={t('desk.cannedTitle')}>
          {items.map((c) => (
            <li key={c.id}>
              <button type="button" className="bb-desk-canned-item" onClick={() => onPick(c)}>
                <span className="bb-desk-canned-head">
                  <strong>{c.title}</strong>
                  {c.shortcut && <code>/{c.shortcut}</code>}
                  <span className="bb-desk-muted">{c.unit}</span>
                </span>
                <span className="bb-desk-canned-text">{c.text}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
