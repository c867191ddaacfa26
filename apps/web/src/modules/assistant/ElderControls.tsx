import { useRef, type ReactNode, type RefObject } from 'react';
import { Button, ConfigProvider, type ThemeConfig } from 'antd';
import { SoundOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { speak, speechSupported, stopSpeaking } from './speech.ts';
import { useAutoRead, useSpeaking } from './useElderMode.ts';

/**
 * antd in 长辈版: 20 px type (18 px the smallest), controls 52 px high (48 the smallest, 64 the large ones)
 * and darker colours, about 9:1 on white. Merged over the app's theme by a nested ConfigProvider.
 */
export const elderTheme: ThemeConfig = {
  token: {
    fontSize: 20,
    fontSizeSM: 18,
    fontSizeLG: 22,
    fontSizeXL: 24,
    fontSizeIcon: 18,
    controlHeight: 52,
    controlHeightSM: 48,
    controlHeightLG: 64,
    colorPrimary: '#003eb3',
    colorLink: '#003eb3',
    colorText: 'rgba(0, 0, 0, 0.92)',
    colorTextSecondary: 'rgba(0, 0, 0, 0.78)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.75)',
    colorTextDescription: 'rgba(0, 0, 0, 0.78)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.7)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.6)',
    colorBorder: '#767676',
    colorError: '#a8071a',
    colorSuccess: '#135200',
    colorWarning: '#874d00',
  },
};

const NO_THEME: ThemeConfig = {};

/**
 * The chat's subtree in the mode's theme (the dialog, a portal, too: context passes through portals). Always
 * the same element, so switching keeps the page's state (a draft, a live conversation's socket).
 */
export function ElderTheme({ on, children }: { on: boolean; children: ReactNode }) {
  return <ConfigProvider theme={on ? elderTheme : NO_THEME}>{children}</ConfigProvider>;
}

/** 「长辈版」 / 「标准版」 in the citizen header: says what a press switches to. */
export function ElderToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Button className="bb-chat-btn bb-elder-toggle" onClick={() => onChange(!on)} title={on ? t('elder.toStandardHint') : t('elder.toElderHint')}>
      {on ? t('elder.toStandard') : t('elder.toElder')}
    </Button>
  );
}

/** 自动朗读: new answers are read aloud by themselves. Not shown where the browser cannot speak. */
export function AutoReadToggle() {
  const { t } = useTranslation();
  const [on, set] = useAutoRead();
  if (!speechSupported()) return null;
  return (
    <Button
      className="bb-chat-btn bb-elder-autoread"
      aria-pressed={on}
      type={on ? 'primary' : 'default'}
      onClick={() => {
        if (on) stopSpeaking();
        set(!on);
      }}
    >
      <SoundOutlined aria-hidden="true" /> {t('elder.autoRead')}
      {/* The state in words too, not by colour alone; a screen reader hears it from aria-pressed. */}
      <span aria-hidden="true">{on ? t('elder.autoReadOn') : t('elder.autoReadOff')}</span>
    </Button>
  );
}

/**
 * 朗读 / 停止朗读 for one answer. Reads what is shown in `source` (the reply, the answer, its cards) so the
 * citizen hears exactly what they see; or `text` (an agent's plain message).
 */
export function ReadAloudButton({ speechKey, source, text }: { speechKey: string; source?: RefObject<HTMLElement | null>; text?: string }) {
  const { t } = useTranslation();
  const speaking = useSpeaking() === speechKey;
  const wasSupported = useRef(speechSupported());
  if (!wasSupported.current) return null;
  return (
    <Button
      className="bb-chat-btn bb-elder-read"
      onClick={() => {
        if (speaking) stopSpeaking();
        else if (text) speak(speechKey, text);
        else if (source?.current) speak(speechKey, readableText(source.current));
      }}
    >
      <SoundOutlined aria-hidden="true" /> {speaking ? t('elder.stopReading') : t('elder.read')}
    </Button>
  );
}

/** The visible text of an answer, without screen-reader-only labels and buttons. */
export function readableText(node: HTMLElement): string {
  const copy = node.cloneNode(true) as HTMLElement;
  for (const hidden of copy.querySelectorAll('.bb-chat-sr-only, button, [aria-hidden="true"]')) hidden.remove();
  // innerText of a detached node has no layout: line breaks come from the block elements instead.
  for (const block of copy.querySelectorAll('p, li, dt, dd, h1, h2, h3, h4, tr, div')) block.append('\n');
  return (copy.textContent ?? '').replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
}
