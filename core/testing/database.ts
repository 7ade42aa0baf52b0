import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../storage/database.js';
import { createScratchDatabase, type ScratchDatabase } from '../storage/scratch.js';

/**
 * A fresh database on its own, to share between test cores (`startTestCore({ database })`) or to query
 * directly: SQLite in a temp folder, or a new database on PITWALL_TEST_DATABASE_URL's PostgreSQL server.
 * close() closes it and removes the folder or drops the database.
 */
export async function openTestDatabase(): Promise<{ database: Database; close(): Promise<void> }> {
  const testDatabaseUrl = process.env.PITWALL_TEST_DATABASE_URL;
  if (testDatabaseUrl) {
    const scratch = await createScratchDatabase(testDatabaseUrl);
    const database = await openDatabase(scratch.url, '.');
    return { database, close: async () => (await database.close(), await scratch.drop()) };
  }
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-db-'));
  const database = await openDatabase('', folder);
  return { database, close: async () => (await database.close(), rmSync(folder, { recursive: true, force: true })) };
}

/**
 * The database a test core gets when the test brings none: a new one on PITWALL_TEST_DATABASE_URL's
 * PostgreSQL server when that is set (dropped when the core stops), else none (SQLite in the core's DATA_DIR).
 */
export async function scratchDatabaseForCore(needed: boolean): Promise<ScratchDatabase | undefined> {
  const testDatabaseUrl = process.env.PITWALL_TEST_DATABASE_URL;
  return testDatabaseUrl && needed ? createScratchDatabase(testDatabaseUrl) : undefined;
}
