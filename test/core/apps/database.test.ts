import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { defineApp, defineDatabase, sql, type Kysely } from '../../../core/index.js';
import { openPglite } from '../../helpers/pglite.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

interface NotesTables {
  notes: { id: number; text: string };
}

const notesDatabase = defineDatabase<NotesTables>({
  migrations: [
    {
      name: '001-notes',
      async up(db: Kysely<any>) {
        await db.schema.createTable('notes').addColumn('id', 'integer', (column) => column.primaryKey()).addColumn('text', 'text', (column) => column.notNull()).execute();
      },
    },
  ],
});

let noteId = 0;

/**
 * An app keeping notes: `/note <text>` stores one, `/notes` lists them, `/broken` runs a bad query. A second
 * copy takes other command names (`word`), since two apps cannot both have `/note`.
 */
const notesApp = (id: string, word = 'note') =>
  defineApp({
    id,
    version: '1.0.0',
    database: notesDatabase,
    init(ctx) {
      ctx.command(word, async (call) => {
        noteId += 1;
        await ctx.db.insertInto('notes').values({ id: noteId, text: call.args.join(' ') }).execute();
        await call.reply('noted');
      });
      ctx.command(`${word}s`, async (call) => {
        const rows = await ctx.db.selectFrom('notes').select('text').orderBy('id').execute();
        await call.reply(`notes: ${rows.map((row) => row.text).join(', ')}`);
      });
      ctx.command(word === 'note' ? 'broken' : `${word}-broken`, async () => {
        await sql`select * from no_such_table`.execute(ctx.db);
      });
    },
  });

it("gives an app that declares a database its own migrated tables through ctx.db", async () => {
  core = await startTestCore({ apps: [notesApp('notes')] });
  assert.equal(core.state('notes'), 'RUNNING');
  await core.join('anna');
  await core.chat('anna', '/note buy tyres');
  await core.waitForChat('noted');
  await core.chat('anna', '/notes');
  await core.waitForChat('notes: buy tyres');
  assert.deepEqual(await core.runtime.database.tables('app_notes'), ['notes', 'pitwall_migrations', 'pitwall_migrations_lock']);
  assert.ok(core.logs.some((entry) => entry.message === "App 'notes': applied database migrations 001-notes"));
});

it("one app cannot see another's tables: the same table name is two tables", async () => {
  core = await startTestCore({ apps: [notesApp('first'), notesApp('second', 'jot')] });
  await core.join('anna');
  await core.chat('anna', '/note only in first');
  await core.waitForChat('noted');
  const second = core.runtime.database.namespace<NotesTables>('app_second', 'test');
  assert.deepEqual(await second.selectFrom('notes').selectAll().execute(), []);
  const first = core.runtime.database.namespace<NotesTables>('app_first', 'test');
  assert.deepEqual((await first.selectFrom('notes').select('text').execute()).map((row) => row.text), ['only in first']);
});

it('a failing migration fails that app only, naming the migration, and leaves its tables as they were', async () => {
  const failing = defineApp({
    id: 'failing',
    version: '1.0.0',
    database: defineDatabase({
      migrations: [
        { name: '001-table', up: async (db) => void (await db.schema.createTable('things').addColumn('id', 'integer').execute()) },
        { name: '002-bad', up: async (db) => void (await sql`this is not sql`.execute(db)) },
      ],
    }),
    init() {},
  });
  core = await startTestCore({ allowFailedApps: true, apps: [failing, notesApp('notes')] });
  assert.equal(core.state('notes'), 'RUNNING');
  assert.deepEqual(core.status('failing'), {
    id: 'failing',
    version: '1.0.0',
    state: 'FAILED',
    reason: `Migration '002-bad' of app 'failing' failed: ${core.runtime.database.dialect === 'sqlite' ? 'near "this": syntax error' : 'syntax error at or near "this"'}. Its changes were rolled back and the database is as it was. Fix the migration, then restart Pitwall.`,
  });
  assert.deepEqual(await core.runtime.database.tables('app_failing'), ['pitwall_migrations', 'pitwall_migrations_lock']);
  assert.deepEqual(core.errors.map((error) => [error.app, (error.error as { code?: string }).code]), [['failing', 'PW_ERR_DATABASE_MIGRATION']]);
});

it('a query error inside a handler is attributed to the app and never carries the database URL', async () => {
  const database = openPglite();
  try {
    core = await startTestCore({ apps: [notesApp('notes')], database, settings: { DATABASE_URL: 'postgres://pitwall:pw-never-shown@127.0.0.1:1/pitwall' } });
    await core.join('anna');
    await core.chat('anna', '/broken');
    await core.waitFor(() => core!.errors.length > 0, 'the query error');
    const { app, error } = core.errors[0]!;
    assert.equal(app, 'notes');
    assert.equal(error.message, `A database query by app 'notes' failed (PGlite (in memory)): relation "no_such_table" does not exist`);
    assert.ok(!JSON.stringify(core.errors.map((entry) => [entry.error.message, entry.error.stack])).includes('pw-never-shown'));
  } finally {
    await core?.stop();
    core = undefined;
    await database.close();
  }
});

it('ctx.db in an app without a database section throws PW_ERR_DATABASE_NOT_DECLARED with the fix', async () => {
  let thrown: unknown;
  const plain = defineApp({
    id: 'plain',
    version: '1.0.0',
    init(ctx) {
      try {
        void ctx.db;
      } catch (error) {
        thrown = error;
      }
    },
  });
  core = await startTestCore({ apps: [plain] });
  assert.equal((thrown as Error).message, "App 'plain' used ctx.db but declares no database. Fix: add database: defineDatabase<Tables>({ migrations: [...] }) to the definition of 'plain'.");
});
