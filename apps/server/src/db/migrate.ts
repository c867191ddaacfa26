import { Migrator, NO_MIGRATIONS, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001-foundation.ts';
import * as m0002 from './migrations/0002-knowledge-assistant.ts';
import * as m0003 from './migrations/0003-live-help.ts';
import * as m0004 from './migrations/0004-attachments.ts';
import * as m0005 from './migrations/0005-ratings.ts';
import * as m0006 from './migrations/0006-desk.ts';
import * as m0007 from './migrations/0007-auth-hardening.ts';

// Listed in code (not read from a folder) so the order is explicit and bundling can't drop one.
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-knowledge-assistant': m0002,
  '0003-live-help': m0003,
  '0004-attachments': m0004,
  '0005-ratings': m0005,
  '0006-desk': m0006,
  '0007-auth-hardening': m0007,
};

/** In the order they run. */
export const migrationNames = (): string[] => Object.keys(migrations);

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

// With a non-default schema (tests on PostgreSQL), Kysely must be told where its own tables live.
function migrator(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({ db, provider: new StaticProvider(), ...(schema && { migrationTableSchema: schema }) });
}

export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const m = migrator(db, schema);
  const { error, results } = await m.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateDownAll(db: Kysely<any>, schema?: string): Promise<void> {
  const { error } = await migrator(db, schema).migrateTo(NO_MIGRATIONS);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
