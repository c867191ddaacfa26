import type { AppContext } from '../../context.ts';
import { isDatabaseUnavailable } from '../../db/database.ts';
import { dropSilentAgents } from './agent-status.command.ts';
import { dispatch, type Ctx } from './assignment.commands.ts';
import { alertDueResponses } from './response-alert.ts';

/**
 * Scheduled work, apart from requests: opens tickets (留言) whose group has opened, hands queued chats to
 * free agents, re-queues the chats of agents whose desk has been gone past the grace period (AGENT_DISCONNECT_GRACE_SECONDS), and alerts supervisors of chats nearing the 60-s first-response target (every 5 s, so the
 * alert at 45 s comes before the minute is up). Reads never write; every process may run it (assignment takes row locks and conditional
 * updates, so two processes ticking at once cannot double-assign).
 */
export function startQueueTicker(ctx: Ctx & Pick<AppContext, 'config'>, everyMs = 5_000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await dropSilentAgents(ctx);
      await dispatch(ctx, { actor: 'system' }, []);
      await alertDueResponses(ctx);
    } catch (err) {
      // The next tick retries; a failing tick must not take the server down. A database outage is logged
      // by the pool already: one line per tick here, not a stack trace every 5 s.
      if (isDatabaseUnavailable(err)) console.error('live-help queue tick skipped: the database is unavailable');
      else console.error('live-help queue tick failed', err);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
