import { sql, type Kysely } from 'kysely';
import type { DialectName } from './database.js';

/**
 * The migration history of every namespace in a database, read at once: which namespaces keep one (one query
 * on the catalog), then every history's names (one query over all of them). Keyed by the history table: the
 * PostgreSQL schema, or the SQLite table name with its namespace prefix. A controller's start checks its
 * namespaces against this instead of asking each namespace's migrator, which costs a dozen queries each.
 */
export async function readMigrationHistories(db: Kysely<unknown>, dialect: DialectName, table: string): Promise<Map<string, Set<string>>> {
  const histories = new Map<string, Set<string>>();
  const { rows: found } =
    dialect === 'postgres'
      ? await sql<{ key: string }>`select table_schema as key from information_schema.tables where table_name = ${table}`.execute(db)
      : await sql<{ key: string }>`select name as key from sqlite_master where type = 'table' and substr(name, -${table.length}) = ${table}`.execute(db);
  if (found.length === 0) return histories;
  const reads = found.map(({ key }) =>
    dialect === 'postgres' ? sql`select ${key} as key, name from ${sql.id(key, table)}` : sql`select ${key} as key, name from ${sql.id(key)}`,
  );
  const { rows } = await sql<{ key: string; name: string }>`${sql.join(reads, sql` union all `)}`.execute(db);
  for (const { key } of found) histories.set(key, new Set());
  for (const { key, name } of rows) histories.get(key)!.add(name);
  return histories;
}

/** Whether a history holds exactly the migrations declared: nothing to run, and nothing the code no longer has. */
export function upToDate(applied: ReadonlySet<string> | undefined, declared: readonly string[]): boolean {
  return applied !== undefined && declared.length > 0 && applied.size === declared.length && declared.every((name) => applied.has(name));
}
