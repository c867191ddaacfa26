import { dispatch, type Ctx } from './assignment.commands.ts';

/**
 * Scheduled work, apart from requests: opens tickets (留言) whose group has opened and hands queued chats to
 * free agents. Reads never write; every process may run it (assignment takes row locks and conditional
 * updates, so two processes ticking at once cannot double-assign).
 */
export function startQueueTicker(ctx: Ctx, everyMs = 30_000): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await dispatch(ctx, { actor: 'system' }, []);
    } catch (err) {
      // The next tick retries; a failing tick must not take the server down.
      console.error('live-help queue tick failed', err);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
