import type { Config } from './config/env.ts';
import type { Db } from './db/database.ts';
import type { Clock } from './lib/clock.ts';
import type { EventBus } from './lib/events.ts';
import type { RedisEventRelay } from './lib/event-relay.ts';
import type { CalendarService } from './modules/calendar/calendar.service.ts';
import type { SsoRegistry } from './modules/identity/sso.ts';
import type { KnowledgeIndex } from './modules/knowledge/knowledge-index.ts';
import type { BlobStore } from './modules/attachments/blob-store.ts';
import type { OrgTree } from './modules/organisation/org-tree.ts';
import type { MessageWriter } from './modules/conversations/message-writer.ts';

/** What every module gets: built once in main.ts (or by the test harness) and passed down explicitly. */
export interface AppContext {
  config: Config;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  bus: EventBus;
  clock: Clock;
  org: OrgTree;
  calendar: CalendarService;
  sso: SsoRegistry;
  /** The assistant's search index of this process (published KB entries + matter cards). */
  knowledge: KnowledgeIndex;
  /** Chat attachment bytes: a local directory or an S3-compatible bucket (BLOB_STORE). */
  blobs: BlobStore;
  /** Chat messages of this process, written in batches (one commit for all that arrive together). */
  messages: MessageWriter;
  /** The other processes of the deployment, through Redis (REDIS_URL); absent for a single process. */
  relay?: RedisEventRelay | undefined;
}
