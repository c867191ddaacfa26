import { forwardRef } from 'react';
import type { CitizenConversation } from '@bangban/shared';
import { useTranslation } from 'react-i18next';
import { ContactForm } from './ContactForm.tsx';
import { formatDateTime } from './format.ts';

/**
 * Where the citizen stands: 排队中 (place and an honest wait), 留言 (when it will be answered, and that they may
 * leave), 接待中 (who is helping), 已结束. A polite status region: a change is read out once.
 */
export const LiveStatus = forwardRef<HTMLHeadingElement, { conversation: CitizenConversation; onLeaveContact: (contact: string) => Promise<unknown> }>(function LiveStatus(
  { conversation: c, onLeaveContact },
  ref,
) {
  const { t } = useTranslation();
  return (
    <section className={`bb-live-status bb-live-status-${c.status}`} aria-labelledby={`bb-live-status-${c.id}`}>
      <h2 id={`bb-live-status-${c.id}`} ref={ref} tabIndex={-1} className="bb-live-status-title">
        <span className="bb-chat-sr-only">{t('live.statusRegion')}：</span>
        <span className="bb-live-badge">{t(`live.status_${c.status}`)}</span>
        {c.status === 'assigned' && <span className="bb-live-agent">{c.agentName ? t('live.servedBy', { name: c.agentName }) : t('live.servedByUnknown')}</span>}
        {c.status === 'queued' && c.position !== null && <span className="bb-live-agent">{t('live.position', { position: c.position })}</span>}
      </h2>
      <div role="status" className="bb-live-status-body">
        {c.status === 'queued' && (
          <>
            {c.wait && (
              <p className="bb-live-wait">
                {/* With nobody on duty there is no estimate, only the plain explanation. */}
                {c.wait.basis !== 'no_agents' && t('live.waitLabel')}
                {c.wait.text}
              </p>
            )}
            <p>{t('live.queuedHint')}</p>
          </>
        )}
        {c.status === 'ticket' && (
          <>
            <p>{c.message}</p>
            {c.opensAt && <p className="bb-live-wait">{t('live.ticketWhen', { time: formatDateTime(c.opensAt) })}</p>}
            <p>{t('live.ticketLeave')}</p>
            {c.hasContact ? <p>{t('live.contactKept')}</p> : <ContactForm onSave={onLeaveContact} />}
          </>
        )}
        {c.status !== 'ticket' && c.status !== 'queued' && c.group && <p className="bb-live-group">{t('live.group', { group: c.group })}</p>}
      </div>
    </section>
  );
});
