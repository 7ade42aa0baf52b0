import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import type { Kysely } from 'kysely';
import { LiveSettingsStore } from '../../../core/apps/live-settings.js';
import { isConnectionFault } from '../../../core/storage/connection-faults.js';
import type { Database } from '../../../core/storage/database.js';
import { JOURNAL_FILE, openWriteJournal, type JournalLog } from '../../../core/storage/write-journal.js';
import { writeOrQueue } from '../../../core/storage/write-or-queue.js';
import { CuttablePglite } from '../../helpers/cuttable-pglite.js';

interface Tables {
  notes: { id: number; text: string };
}

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function dataDir(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-journal-'));
  folders.push(folder);
  return folder;
}

function collect(): { lines: string[]; log: JournalLog } {
  const lines: string[] = [];
  return { lines, log: { info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) } };
}

async function notes(database: Database): Promise<Kysely<Tables>> {
  await database.migrate('app_notes', "app 'notes'", [{ name: '001', up: async (db) => void (await db.schema.createTable('notes').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('text', 'text').execute()) }]);
  return database.namespace<Tables>('app_notes', "app 'notes'");
}

const rows = (db: Kysely<Tables>) => db.selectFrom('notes').selectAll().orderBy('id').execute();

/** Resolves once `predicate` holds, checked on every turn of the event loop. */
async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const UNREACHABLE = (file: string, count: string) =>
  `warn: database unreachable: ${count} queued in ${file} (PostgreSQL at 127.0.0.1:5432/pitwall: connect ECONNREFUSED 127.0.0.1:5432); replayed in order when it answers`;

it('writes made while the database is unreachable are kept on disk and replayed in order once it answers, with one log line each way', async () => {
  const server = new CuttablePglite();
  const database = server.open();
  const db = await notes(database);
  const folder = dataDir();
  const { lines, log } = collect();
  const journal = await openWriteJournal(database, { dataDir: folder, log, retryMs: 20 });
  const file = join(folder, JOURNAL_FILE);
  try {
    assert.deepEqual(await writeOrQueue(db, [db.insertInto('notes').values({ id: 1, text: 'a' })]), { queued: false, rows: [] });
    server.cut();
    const queued = [
      await writeOrQueue(db, [db.insertInto('notes').values({ id: 2, text: 'b' })]),
      await writeOrQueue(db, [db.updateTable('notes').set({ text: 'c' }).where('id', '=', 2)]),
      await writeOrQueue(db, [db.deleteFrom('notes').where('id', '=', 1)]),
      await writeOrQueue(db, [db.deleteFrom('notes').where('id', '=', 3), db.insertInto('notes').values({ id: 3, text: 'x' })]),
    ];
    assert.deepEqual(queued.map((outcome) => outcome.queued), [true, true, true, true]);
    assert.equal(journal.queued, 4);
    const kept = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { seq: number; owner: string; queries: { sql: string; parameters: unknown[] }[] });
    assert.deepEqual(kept.map((entry) => [entry.seq, entry.owner, entry.queries.length]), [[1, "app 'notes'", 1], [2, "app 'notes'", 1], [3, "app 'notes'", 1], [4, "app 'notes'", 2]]);
    assert.deepEqual(kept[1]!.queries[0], { sql: 'update "app_notes"."notes" set "text" = $1 where "id" = $2', parameters: ['c', 2] });
    assert.deepEqual(lines, [UNREACHABLE(file, '1 write')]);

    server.restore();
    const results = await Promise.all(queued.map((outcome) => (outcome.queued ? outcome.replayed : 'not queued')));
    assert.deepEqual(results, ['replayed', 'replayed', 'replayed', 'replayed']);
    await until(() => lines.length === 2, 'the line saying the database is back');
    assert.equal(lines[1], 'info: database back: 4 writes replayed');
    assert.deepEqual(await rows(db), [{ id: 2, text: 'c' }, { id: 3, text: 'x' }]);
    assert.equal(statSync(file).size, 0, 'the journal is emptied once everything ran');
    assert.deepEqual(await writeOrQueue(db, [db.insertInto('notes').values({ id: 4, text: 'd' }).returning('id')]), { queued: false, rows: [{ id: 4 }] });
  } finally {
    await journal.dispose();
    await database.close();
    await server.close();
  }
});

it('a journal left by an earlier run is replayed in order when it is opened, past a line a crash cut off', async () => {
  const server = new CuttablePglite();
  const first = server.open();
  const db = await notes(first);
  const folder = dataDir();
  const file = join(folder, JOURNAL_FILE);
  const journal = await openWriteJournal(first, { dataDir: folder, log: collect().log, retryMs: 60_000 });
  server.cut();
  await writeOrQueue(db, [db.insertInto('notes').values({ id: 1, text: 'a' })]);
  await writeOrQueue(db, [db.updateTable('notes').set({ text: 'b' }).where('id', '=', 1)]);
  await writeOrQueue(db, [db.insertInto('notes').values({ id: 2, text: 'c' })]);
  await journal.dispose();
  appendFileSync(file, '{"seq":4,"namespace":"app_no');
  server.restore();

  // The next run: a new connection to the same server, the same DATA_DIR.
  const second = server.open();
  const { lines, log } = collect();
  const reopened = await openWriteJournal(second, { dataDir: folder, log });
  try {
    assert.deepEqual(lines, [
      `warn: database journal ${file}: skipped 1 unreadable line(s) (a write cut off by a crash)`,
      `info: database journal: 3 writes queued by an earlier run in ${file}; replaying them`,
      'info: database back: 3 writes replayed',
    ]);
    assert.deepEqual(await rows(second.namespace<Tables>('app_notes', 'test')), [{ id: 1, text: 'b' }, { id: 2, text: 'c' }]);
    assert.equal(reopened.queued, 0);
  } finally {
    await reopened.dispose();
    await server.close();
  }
});

it('a queued write the database refuses at replay is dropped with an error line; the writes after it still run', async () => {
  const server = new CuttablePglite();
  const database = server.open();
  const db = await notes(database);
  const folder = dataDir();
  const { lines, log } = collect();
  const journal = await openWriteJournal(database, { dataDir: folder, log, retryMs: 20 });
  try {
    await db.insertInto('notes').values({ id: 1, text: 'a' }).execute();
    server.cut();
    const refused = await writeOrQueue(db, [db.insertInto('notes').values({ id: 1, text: 'twice' })]);
    const later = await writeOrQueue(db, [db.insertInto('notes').values({ id: 2, text: 'b' })]);
    server.restore();
    assert.equal(refused.queued && (await refused.replayed), 'dropped');
    assert.equal(later.queued && (await later.replayed), 'replayed');
    await until(() => lines.length === 3, 'the line saying the database is back');
    assert.match(lines[1]!, /^error: database journal: a write queued by app 'notes' at \d{4}-\d\d-\d\dT[\d:.]+Z failed when replayed and is dropped: A database query by app 'notes' failed \(PostgreSQL at 127\.0\.0\.1:5432\/pitwall\): duplicate key value violates unique constraint "notes_pkey"$/);
    assert.equal(lines[2], 'info: database back: 1 write replayed, 1 dropped (logged above)');
    assert.deepEqual(await rows(db), [{ id: 1, text: 'a' }, { id: 2, text: 'b' }]);
  } finally {
    await journal.dispose();
    await database.close();
    await server.close();
  }
});

it('a full journal refuses the write with PW_ERR_DATABASE_JOURNAL_FULL; a value it cannot keep is refused with PW_ERR_DATABASE_JOURNAL_VALUE, outage or not', async () => {
  const server = new CuttablePglite();
  const database = server.open();
  const db = await notes(database);
  const folder = dataDir();
  const journal = await openWriteJournal(database, { dataDir: folder, log: collect().log, retryMs: 60_000, maxWrites: 2 });
  try {
    const dated = () => writeOrQueue(db, [db.insertInto('notes').values({ id: 9, text: new Date(0) as unknown as string })]);
    const valueError = {
      code: 'PW_ERR_DATABASE_JOURNAL_VALUE',
      message:
        "A write by app 'notes' cannot be queued for a database outage: parameter 2 of its query is a Date, which the journal cannot keep. " +
        'Fix: bind strings, numbers, booleans or null (a date as date.toISOString(), a bigint as String(value)).',
    };
    await assert.rejects(dated(), valueError);
    server.cut();
    await assert.rejects(dated(), valueError);
    await writeOrQueue(db, [db.insertInto('notes').values({ id: 1, text: 'a' })]);
    await writeOrQueue(db, [db.insertInto('notes').values({ id: 2, text: 'b' })]);
    const full = await writeOrQueue(db, [db.insertInto('notes').values({ id: 3, text: 'c' })]).then(() => assert.fail('queued'), (error: Error) => error);
    assert.equal((full as { code?: string }).code, 'PW_ERR_DATABASE_JOURNAL_FULL');
    assert.equal(
      full.message,
      `A write by app 'notes' was not kept: PostgreSQL at 127.0.0.1:5432/pitwall is unreachable and the write journal ${join(folder, JOURNAL_FILE)} already holds 2 writes. ` +
        'Fix: bring the database back (the queued writes are replayed in order then); check that the server is running and reachable.',
    );
    assert.ok(isConnectionFault(full), 'caused by the outage, so not held against the app');
    assert.equal(journal.queued, 2);
  } finally {
    await journal.dispose();
    await database.close();
    await server.close();
  }
});

it('live settings changed during an outage apply at once over the last ones read, and are stored when the database is back', async () => {
  const server = new CuttablePglite();
  const database = server.open();
  const folder = dataDir();
  const { lines, log } = collect();
  const journal = await openWriteJournal(database, { dataDir: folder, log, retryMs: 20 });
  const store = LiveSettingsStore.open(database);
  try {
    await store.set('records', 'listed', 7, 'boss');
    await store.set('records', 'widgetTop', 3, 'boss');
    assert.deepEqual((await store.overrides('records')).map((o) => [o.key, o.value]), [['listed', 7], ['widgetTop', 3]]);
    server.cut();
    await store.set('records', 'listed', 9, 'anna');
    assert.equal(await store.reset('records', 'widgetTop', 'anna'), true);
    assert.equal(await store.reset('records', 'announceTop', 'anna'), false, 'nothing to reset');
    assert.deepEqual((await store.overrides('records')).map((o) => [o.key, o.value, o.changedBy]), [['listed', 9, 'anna']]);
    assert.equal(await store.lastChangedBy('records', 'listed'), 'anna');
    await assert.rejects(store.history(), { code: 'PW_ERR_DATABASE_UNAVAILABLE' });
    assert.equal(journal.queued, 2);
    server.restore();
    await until(() => lines.length === 2, 'the line saying the database is back');
    assert.equal(lines[1], 'info: database back: 2 writes replayed');
    assert.deepEqual((await store.overrides('records')).map((o) => [o.key, o.value, o.changedBy]), [['listed', 9, 'anna']]);
    // Sorted: changes made within one millisecond tie on their time.
    const history = (await store.history()).map((change) => JSON.stringify([change.key, change.value ?? null, change.changedBy])).sort();
    assert.deepEqual(history.map((change) => JSON.parse(change) as unknown), [
      ['listed', 7, 'boss'],
      ['listed', 9, 'anna'],
      ['widgetTop', 3, 'boss'],
      ['widgetTop', null, 'anna'],
    ]);
  } finally {
    await journal.dispose();
    await database.close();
    await server.close();
  }
});
