import type { Config } from './config/env.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from './db/database.ts';
import { RedisEventRelay } from './lib/event-relay.ts';
import { migrateToLatest } from './db/migrate.ts';
import { runningClockFrom, systemClock, type Clock } from './lib/clock.ts';
import { EventBus } from './lib/events.ts';
import { CalendarService } from './modules/calendar/calendar.service.ts';
import { DemoSsoProvider, SsoRegistry } from './modules/identity/sso.ts';
import { OrgTree } from './modules/organisation/org-tree.ts';
import { KnowledgeIndex } from './modules/knowledge/knowledge-index.ts';
import { MessageWriter } from './modules/conversations/message-writer.ts';
import { createBlobStore } from './modules/attachments/blob-store.factory.ts';

export interface Runtime {
  ctx: AppContext;
  relay: RedisEventRelay | undefined;
  close(): Promise<void>;
}

/** Opens the database, migrates, and wires the in-memory services to the events that invalidate them. */
export async function createRuntime(
  config: Config,
  opts: { clock?: Clock; db?: DatabaseOptions; /** share an open database (tests of several processes) */ handle?: DatabaseHandle } = {},
): Promise<Runtime> {
  const handle = opts.handle ?? (await openDatabase(opts.db ?? { url: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(handle.db, handle.schema);
  const bus = new EventBus();
  const org = new OrgTree(handle.db);
  const calendar = new CalendarService(handle.db, org);
  const sso = new SsoRegistry();
  if (config.sso.demo) sso.register(new DemoSsoProvider());
  const clock = opts.clock ?? (config.testClockStart ? runningClockFrom(config.testClockStart) : systemClock);
  const knowledge = new KnowledgeIndex(handle.db, org, clock);
  await org.reload();
  await calendar.reload();
  await knowledge.load();

  for (const type of ['org_unit.created', 'org_unit.updated', 'org_unit.deleted'] as const) bus.on(type, () => org.reload());
  for (const type of ['calendar.override_set', 'calendar.override_removed', 'calendar.year_declared', 'calendar.notice_entered'] as const) {
    bus.on(type, () => calendar.reload());
  }
  for (const type of ['kb.entry_published', 'kb.entry_archived', 'kb.entry_reopened', 'kb.entry_rolled_back'] as const) {
    bus.on(type, (e) => (e.subjectId ? knowledge.refreshEntry(e.subjectId) : undefined));
  }
  for (const type of ['matter.created', 'matter.updated', 'matter.deleted'] as const) {
    // A bulk change (seed, top-100 assignment) has no single subject: reload everything.
    bus.on(type, (e) => (e.subjectId ? knowledge.refreshMatter(e.subjectId) : knowledge.load()));
  }
  for (const type of ['matter.imported', 'kb.entries_imported'] as const) bus.on(type, () => knowledge.load());

  const relay = config.redisUrl ? new RedisEventRelay(bus, config.redisUrl) : undefined;
  await relay?.start();
  // Events of other processes may have been missed while Redis was away: reread what this process caches.
  relay?.onResync(async () => {
    await org.reload();
    await calendar.reload();
    await knowledge.load();
  });

  const ctx: AppContext = { config, db: handle.db, dbKind: handle.kind, bus, clock, org, calendar, sso, knowledge, blobs: createBlobStore(config), messages: new MessageWriter({ db: handle.db, bus, org, clock }), relay };
  return {
    ctx,
    relay,
    close: async () => {
      await relay?.stop();
      if (!opts.handle) await handle.close();
    },
  };
}
