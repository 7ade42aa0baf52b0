import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { KyselyPGlite } from 'kysely-pglite';
import { openDatabase, SqlDatabase, type Database, type NamedMigration } from '../../../core/storage/database.js';

const notes: NamedMigration = {
  name: '001-notes',
  async up(db) {
    await db.schema.createTable('notes').addColumn('id', 'integer', (column) => column.primaryKey()).addColumn('text', 'text', (column) => column.notNull()).execute();
    await db.schema.createIndex('notes_by_text').on('notes').column('text').execute();
  },
};

interface Notes {
  notes: { id: number; text: string };
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`on ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL (PGlite)'}`, () => {
    const folder = mkdtempSync(join(tmpdir(), 'pitwall-storage-'));
    let database: Database;
    // PostgreSQL: two databases over one PGlite, as two controllers over one server.
    const pgliteUnderTest = dialect === 'postgres' ? new KyselyPGlite() : undefined;
    const open = async () => (database ??= dialect === 'sqlite' ? await openDatabase('', folder) : new SqlDatabase(pgliteUnderTest!.dialect, 'postgres', 'PGlite (in memory)'));
    after(async () => {
      await database?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('keeps each namespace apart: the same table name in two namespaces holds different rows', async () => {
      const db = await open();
      assert.deepEqual(await db.migrate('app_a', "app 'a'", [notes]), ['001-notes']);
      assert.deepEqual(await db.migrate('app_b', "app 'b'", [notes]), ['001-notes']);
      const a = db.namespace<Notes>('app_a', "app 'a'");
      const b = db.namespace<Notes>('app_b', "app 'b'");
      await a.insertInto('notes').values({ id: 1, text: 'from a' }).execute();
      await b.insertInto('notes').values({ id: 1, text: 'from b' }).execute();
      assert.deepEqual(await a.selectFrom('notes').select('text').execute(), [{ text: 'from a' }]);
      assert.deepEqual(await b.selectFrom('notes as n').select('n.text').where('n.id', '=', 1).execute(), [{ text: 'from b' }]);
      // A subquery from the same namespaced builder is namespaced once, not twice.
      assert.deepEqual(await a.selectFrom(a.selectFrom('notes').select('text').as('inner')).selectAll().execute(), [{ text: 'from a' }]);
      assert.deepEqual(await db.tables('app_a'), ['notes', 'pitwall_migrations', 'pitwall_migrations_lock']);
      const other = db.namespace<Notes>('app_c', "app 'c'");
      const missing = dialect === 'sqlite' ? 'no such table: app_c__notes' : 'relation "app_c.notes" does not exist';
      await assert.rejects(other.selectFrom('notes').selectAll().execute(), {
        code: 'PW_ERR_DATABASE_QUERY',
        message: `A database query by app 'c' failed (${db.where}): ${missing}`,
      });
    });

    it('applies each migration once, in list order, and records it in the namespace', async () => {
      const db = await open();
      const order: string[] = [];
      const step = (name: string): NamedMigration => ({ name, up: async () => void order.push(name) });
      assert.deepEqual(await db.migrate('app_order', "app 'order'", [step('001-b'), step('002-a')]), ['001-b', '002-a']);
      assert.deepEqual(await db.migrate('app_order', "app 'order'", [step('001-b'), step('002-a'), step('003-new')]), ['003-new']);
      assert.deepEqual(order, ['001-b', '002-a', '003-new']);
      await assert.rejects(db.migrate('app_order', "app 'order'", [step('b-first'), step('a-second')]), {
        code: 'PW_ERR_DATABASE_MIGRATION',
        message:
          "Migration 'a-second' of app 'order' failed: its name sorts before 'b-first', which comes earlier in the list; start each name with its number (001-create-notes, 002-add-index). " +
          'Its changes were rolled back and the database is as it was. Fix the migration, then restart Pitwall.',
      });
    });

    it('a failing migration names itself, rolls back every change of the run and leaves the database as it was', async () => {
      const db = await open();
      const created: NamedMigration = {
        name: '001-create',
        async up(kysely) {
          await kysely.schema.createTable('items').addColumn('id', 'integer').execute();
        },
      };
      const broken: NamedMigration = {
        name: '002-broken',
        async up(kysely: Kysely<any>) {
          await kysely.insertInto('items').values({ id: 1 }).execute();
          await sql`select * from no_such_table`.execute(kysely);
        },
      };
      const missing = dialect === 'sqlite' ? 'no such table: no_such_table' : 'relation "no_such_table" does not exist';
      await assert.rejects(db.migrate('app_broken', "app 'broken'", [created, broken]), {
        code: 'PW_ERR_DATABASE_MIGRATION',
        message: `Migration '002-broken' of app 'broken' failed: ${missing}. Its changes were rolled back and the database is as it was. Fix the migration, then restart Pitwall.`,
      });
      assert.ok(!(await db.tables('app_broken')).includes('items'), 'the first migration of the run was rolled back too');
      assert.deepEqual(await db.migrate('app_broken', "app 'broken'", [created]), ['001-create']);
    });

    it('a database opened again checks every namespace in one read: no migrator runs for one that is up to date', async () => {
      const first = await open();
      const again = dialect === 'sqlite' ? await openDatabase('', folder) : new SqlDatabase(pgliteUnderTest!.dialect, 'postgres', 'PGlite (in memory)');
      try {
        for (const namespace of ['app_kept1', 'app_kept2']) assert.deepEqual(await first.migrate(namespace, 'test', [notes]), ['001-notes']);
        // Only a namespace's migrator makes its lock table: where it is gone and stays gone, none ran.
        const lock = dialect === 'sqlite' ? sql.id('app_kept1__pitwall_migrations_lock') : sql.id('app_kept1', 'pitwall_migrations_lock');
        await sql`drop table ${lock}`.execute(first.namespace('app_kept1', 'test'));
        assert.deepEqual(await again.migrate('app_kept1', 'test', [notes]), []);
        assert.deepEqual(await again.migrate('app_kept2', 'test', [notes]), []);
        assert.deepEqual(await again.tables('app_kept1'), ['notes', 'pitwall_migrations']);
        // A new migration runs through the migrator, as before.
        const more: NamedMigration = { name: '002-more', up: (db) => db.schema.createTable('more').addColumn('id', 'integer').execute() };
        assert.deepEqual(await again.migrate('app_kept1', 'test', [notes, more]), ['002-more']);
        assert.deepEqual(await again.tables('app_kept1'), ['more', 'notes', 'pitwall_migrations', 'pitwall_migrations_lock']);
        // A history holding a migration the code no longer has is still refused.
        await assert.rejects(again.migrate('app_kept1', 'test', [notes]), {
          code: 'PW_ERR_DATABASE_MIGRATION',
          message: "Migration '(migration history)' of test failed: corrupted migrations: previously executed migration 002-more is missing. Its changes were rolled back and the database is as it was. Fix the migration, then restart Pitwall.",
        });
      } finally {
        if (dialect === 'sqlite') await again.close();
      }
    });

    it('refuses migrations without a name of their own', async () => {
      const db = await open();
      await assert.rejects(db.migrate('app_twice', "app 'twice'", [notes, notes]), {
        code: 'PW_ERR_DATABASE_MIGRATION',
        message: "Migration '001-notes' of app 'twice' failed: every migration needs a name of its own (this one is empty or repeated). Its changes were rolled back and the database is as it was. Fix the migration, then restart Pitwall.",
      });
    });
  });
}

it('SQLite runs in WAL mode, and waits for another process\'s lock for 4 ms at most on the event loop', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-storage-'));
  const database = await openDatabase('', folder);
  try {
    const db = database.namespace('x', 'test');
    const { rows: [mode] } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    const { rows: [timeout] } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db);
    assert.deepEqual([mode, timeout], [{ journal_mode: 'wal' }, { timeout: 4 }]);
  } finally {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

it('an unreachable PostgreSQL server stops the open with PW_ERR_DATABASE_UNREACHABLE naming the host, never the password', async () => {
  // A port that was just free: nothing listens there.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  const error = await openDatabase(`postgres://pitwall:hunter2-secret@127.0.0.1:${port}/pitwall`, '.').then(
    () => assert.fail('opened'),
    (thrown: Error) => thrown,
  );
  assert.equal(
    error.message,
    `Cannot reach the PostgreSQL server at 127.0.0.1:${port} named by DATABASE_URL: connect ECONNREFUSED 127.0.0.1:${port}. ` +
      "Fix: start PostgreSQL there (and check its listen_addresses and port), correct the host and port in DATABASE_URL, or set DATABASE_URL to '' for the embedded SQLite file.",
  );
  assert.equal((error as { code?: string }).code, 'PW_ERR_DATABASE_UNREACHABLE');
});
