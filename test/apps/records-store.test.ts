import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { recordsDatabase } from '../../apps/records/migrations.js';
import { RecordStore, type RecordEntry } from '../../apps/records/store.js';
import { openDatabase, type Database } from '../../core/storage/database.js';

let database: Database;
let store: RecordStore;
const folder = mkdtempSync(join(tmpdir(), 'pitwall-records-store-'));
before(async () => {
  database = await openDatabase('', folder);
  await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
  store = new RecordStore(database.namespace('app_records', "app 'records'"));
});
after(async () => {
  await database.close();
  rmSync(folder, { recursive: true, force: true });
});

const entry = (login: string, time: number, at: string): RecordEntry => ({ login, nickName: login.toUpperCase(), time, checkpoints: [time / 2], at, serverLogin: 'server-a' });

it('keeps one row per map and player: only a better time replaces it; ranks up to a bound', async () => {
  assert.deepEqual(await store.submit('map', entry('anna', 30_000, '2025-01-01T00:00:00Z')), { improved: true, rank: 1 });
  assert.deepEqual(await store.submit('map', entry('ben', 29_000, '2025-01-01T00:01:00Z')), { improved: true, rank: 1 });
  assert.deepEqual(await store.submit('map', entry('anna', 31_000, '2025-01-01T00:02:00Z')), { improved: false });
  assert.deepEqual(await store.submit('map', entry('cleo', 29_000, '2025-01-01T00:03:00Z')), { improved: true, rank: 2 }, 'an equal time ranks after the earlier one');
  assert.deepEqual(await store.submit('map', entry('dan', 40_000, '2025-01-01T00:04:00Z'), { rankUpTo: 3 }), { improved: true }, 'rank 4 is beyond the bound');
  assert.deepEqual(await store.submit('map', entry('eve', 50_000, '2025-01-01T00:05:00Z'), { rankUpTo: 0 }), { improved: true });
  assert.deepEqual((await store.top('map', 3)).map((record) => [record.login, record.time]), [['ben', 29_000], ['cleo', 29_000], ['anna', 30_000]]);
  assert.deepEqual(await store.top('map', 1), [{ login: 'ben', nickName: 'BEN', time: 29_000, checkpoints: [14_500], at: '2025-01-01T00:01:00Z', serverLogin: 'server-a' }]);
  assert.equal(await store.rank('map', 'dan'), 4);
  assert.equal(await store.rank('map', 'nobody'), undefined);
  assert.deepEqual(await store.top('other-map', 10), []);
});
