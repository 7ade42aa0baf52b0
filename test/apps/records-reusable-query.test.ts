import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Kysely } from '../../core/index.js';
import { reusableQuery } from '../../apps/records/reusable-query.js';
import { recordsDatabase } from '../../apps/records/migrations.js';
import { RecordStore, type RecordEntry } from '../../apps/records/store.js';
import { openMemoryDatabase, type Database } from '../../core/storage/database.js';
import { openPglite } from '../helpers/pglite.js';

interface Notes {
  notes: { id: number; body: string };
}

const dialects: [string, () => Database][] = [
  ['SQLite', openMemoryDatabase],
  ['PostgreSQL (PGlite)', openPglite],
];

async function notesIn(database: Database, namespace: string, bodies: string[]): Promise<Kysely<Notes>> {
  await database.migrate(namespace, `app '${namespace}'`, [
    { name: '001-notes', up: async (db: Kysely<any>) => void (await db.schema.createTable('notes').addColumn('id', 'integer', (column) => column.primaryKey()).addColumn('body', 'text', (column) => column.notNull()).execute()) },
  ]);
  const db = database.namespace<Notes>(namespace, `app '${namespace}'`);
  await db.insertInto('notes').values(bodies.map((body, index) => ({ id: index + 1, body }))).execute();
  return db;
}

for (const [dialect, open] of dialects) {
  it(`binds new values into a query compiled once, each namespace reading its own table (${dialect})`, async () => {
    const database = open();
    try {
      const a = await notesIn(database, 'app_a', ['a1', 'a2', 'a3']);
      const b = await notesIn(database, 'app_b', ['b1', 'b2']);
      const build = (db: Kysely<Notes>) => (values: { from: number; count: number }) => db.selectFrom('notes').select('body').where('id', '>=', values.from).orderBy('id').limit(values.count);
      const inA = reusableQuery(a, build(a));
      const inB = reusableQuery(b, build(b));
      assert.deepEqual(await inA({ from: 1, count: 2 }), [{ body: 'a1' }, { body: 'a2' }]);
      assert.deepEqual(await inA({ from: 2, count: 5 }), [{ body: 'a2' }, { body: 'a3' }]);
      assert.deepEqual(await inB({ from: 2, count: 5 }), [{ body: 'b2' }]);
      // A builder that branches on a value cannot be compiled once: it is built anew each run, and stays right.
      const branching = reusableQuery(a, (values: { body: string; newest: boolean }) => {
        const query = a.selectFrom('notes').select('id').where('body', '<>', values.body);
        return values.newest === true ? query.orderBy('id', 'desc').limit(1) : query.orderBy('id');
      });
      assert.deepEqual(await branching({ body: 'a1', newest: false }), [{ id: 2 }, { id: 3 }]);
      assert.deepEqual(await branching({ body: 'a1', newest: true }), [{ id: 3 }]);
    } finally {
      await database.close();
    }
  });

  it(`submits, ranks and lists records through the compiled queries (${dialect})`, async () => {
    const database = open();
    try {
      await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
      const store = new RecordStore(database.namespace('app_records', "app 'records'"));
      const entry = (login: string, time: number, at: string): RecordEntry => ({ login, nickName: login, time, checkpoints: [time / 2], at, serverLogin: 'a' });
      assert.deepEqual(await store.submit('map', entry('anna', 30_000, '2025-01-01T00:00:00Z')), { improved: true, rank: 1 });
      assert.deepEqual(await store.submit('map', entry('ben', 29_000, '2025-01-01T00:01:00Z'), { rankUpTo: 10 }), { improved: true, rank: 1 });
      assert.deepEqual(await store.submit('map', entry('anna', 29_000, '2025-01-01T00:02:00Z'), { rankUpTo: 10 }), { improved: true, rank: 2 });
      assert.deepEqual(await store.submit('map', entry('anna', 29_500, '2025-01-01T00:03:00Z')), { improved: false });
      assert.deepEqual(await store.submit('map', entry('cleo', 40_000, '2025-01-01T00:04:00Z'), { rankUpTo: 2 }), { improved: true });
      assert.deepEqual(await store.importEntries('other', [entry('dan', 1, '2025-01-01T00:00:00Z'), entry('eve', 2, '2025-01-01T00:00:00Z')]), 2);
      assert.deepEqual((await store.top('map', 2)).map((record) => [record.login, record.time, record.checkpoints]), [['ben', 29_000, [14_500]], ['anna', 29_000, [14_500]]]);
      assert.deepEqual((await store.top('other', 10)).map((record) => record.login), ['dan', 'eve']);
      assert.equal(await store.rank('map', 'cleo'), 3);
      assert.equal(await store.rank('other', 'cleo'), undefined);
    } finally {
      await database.close();
    }
  });
}
