import { sql, type Kysely } from 'kysely';

/**
 * Runs a script statement by statement: PGlite (like any extended-protocol client) refuses several commands
 * in one prepared statement. Our migration scripts keep `;` out of literals, so splitting on it is safe.
 */
export async function runStatements(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(';').map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
