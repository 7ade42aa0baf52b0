import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { openDatabase, type Database } from '../../../core/storage/database.js';
import { SqliteDriver } from '../../../core/storage/sqlite-driver.js';
import { defaultSqliteEngine, openSqliteHandle } from '../../../core/storage/sqlite-engine.js';
import { SQLITE_FILE_NAME } from '../../../core/storage/url.js';

const folder = () => mkdtempSync(join(tmpdir(), 'pitwall-sqlite-driver-'));

/** Another process takes the write lock of `file` and holds it until killed. */
async function holdWriteLock(file: string): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./fixtures/hold-write-lock.js', import.meta.url));
  const holder = spawn(process.execPath, [script, file, '600000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before it took the lock`)));
  });
  return holder;
}

async function openNotes(dataDir: string): Promise<Database> {
  const database = await openDatabase('', dataDir);
  await database.migrate('notes', 'test', [{ name: '001-notes', up: (db) => db.schema.createTable('notes').addColumn('text', 'text').execute() }]);
  return database;
}

describe('SQLite writes while another process holds the write lock', () => {
  it('wait off the event loop and land in order once the lock goes, while reads go on', async () => {
    const dataDir = folder();
    const database = await openNotes(dataDir);
    const notes = database.namespace<{ notes: { text: string } }>('notes', 'test');
    const holder = await holdWriteLock(join(dataDir, SQLITE_FILE_NAME));
    try {
      const settled: string[] = [];
      const first = notes.insertInto('notes').values({ text: 'first' }).execute().then(() => settled.push('first'));
      const second = notes.insertInto('notes').values({ text: 'second' }).execute().then(() => settled.push('second'));
      // WAL readers need no lock: a select passes the writes waiting for it.
      const read = await notes.selectFrom('notes').select('text').execute();
      settled.push('read');
      assert.deepEqual([read, settled], [[], ['read']]);
      holder.kill('SIGKILL');
      await Promise.all([first, second]);
      assert.deepEqual(settled, ['read', 'first', 'second']);
      assert.deepEqual(await notes.selectFrom('notes').select('text').orderBy(sql`rowid`).execute(), [{ text: 'first' }, { text: 'second' }]);
    } finally {
      holder.kill('SIGKILL');
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('gives up with PW_ERR_DATABASE_LOCKED, naming the file and what may hold it, after the time it allows', async () => {
    const dataDir = folder();
    const file = join(dataDir, SQLITE_FILE_NAME);
    await (await openNotes(dataDir)).close();
    const holder = await holdWriteLock(file);
    const driver = new SqliteDriver(openSqliteHandle(file), { file, lockGiveUpMs: 1000 });
    try {
      const connection = await driver.acquireConnection();
      await assert.rejects(connection.executeQuery(CompiledQuery.raw("insert into notes__notes (text) values ('late')")), {
        code: 'PW_ERR_DATABASE_LOCKED',
        message:
          `Another process has held the write lock of the SQLite file ${file} for 1 s, so a write was given up. ` +
          'Fix: end that process (a backup tool, a second Pitwall on the same DATA_DIR, a sqlite3 shell left in a transaction).',
      });
    } finally {
      holder.kill('SIGKILL');
      await driver.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the SQLite library each Node loads', () => {
  it('Node 20 loads better-sqlite3 12 (better-sqlite3-node20); Node 22 and later better-sqlite3 13', () => {
    assert.deepEqual(['20.20.2', '22.13.0', '24.21.0', '26.10.0'].map((version) => defaultSqliteEngine(version)), ['better-sqlite3-node20', 'better-sqlite3', 'better-sqlite3', 'better-sqlite3']);
    const handle = openSqliteHandle(':memory:');
    handle.close();
    assert.match(handle.engine, Number(process.versions.node.split('.')[0]) < 22 ? /^better-sqlite3 12\./ : /^better-sqlite3 13\./);
  });

  it('node:sqlite, the measured alternative on Node 22 and later, answers as better-sqlite3 does', { skip: Number(process.versions.node.split('.')[0]) < 22 && 'node:sqlite needs Node 22' }, async () => {
    const dataDir = folder();
    const database = await openDatabase('', dataDir, { sqliteEngine: 'node:sqlite' });
    try {
      await database.migrate('notes', 'test', [{ name: '001-notes', up: (db) => db.schema.createTable('notes').addColumn('id', 'integer', (column) => column.primaryKey()).addColumn('text', 'text').execute() }]);
      const notes = database.namespace<{ notes: { id?: number; text: string } }>('notes', 'test');
      const inserted = await notes.insertInto('notes').values({ text: 'first' }).executeTakeFirstOrThrow();
      await notes.transaction().execute((trx) => trx.insertInto('notes').values({ text: 'second' }).execute());
      assert.equal(inserted.insertId, 1n);
      assert.deepEqual(await notes.selectFrom('notes').selectAll().orderBy('id').execute(), [{ id: 1, text: 'first' }, { id: 2, text: 'second' }]);
    } finally {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
