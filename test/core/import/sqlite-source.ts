import type { ImportRow, ImportSource, SourceDatabase } from '../../../core/import/source.js';
import { openSqliteHandle, type SqliteHandle } from '../../../core/storage/sqlite-engine.js';

/** A source database in memory, made from the DDL a test gives, for readers whose SQL is portable. */
export function sqliteSource(ddl: string): SourceDatabase {
  const db: SqliteHandle = openSqliteHandle(':memory:');
  db.exec(ddl);
  return {
    engine: 'sqlite',
    query: async (sql, params = []) => db.prepare(sql).all(params) as never,
    hasTable: async (name) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").all([name]).length > 0,
    close: async () => void db.close(),
  };
}

export async function readAll(source: ImportSource, db: SourceDatabase): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of source.read(db)) rows.push(row);
  await db.close();
  return rows;
}
