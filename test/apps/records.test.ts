import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'node:test';
import { formatTime, type RecordsTables } from '../../apps/records/store.js';
import { openDatabase } from '../../core/storage/database.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const chats = () => core!.sandbox.chatLog.map((chat) => chat.text);

it('formats race times as m:ss.mmm', () => {
  assert.equal(formatTime(83_456), '1:23.456');
  assert.equal(formatTime(5_007), '0:05.007');
});

it('announces improved records, lists them with /records and keeps them across restarts', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-records-'));
  core = await startTestCore({ apps: ['records'], settings: { DATA_DIR: dataDir } });
  core.sandbox.playerJoin('anna', 'Anna');
  core.sandbox.playerJoin('ben', 'Ben');
  await core.waitFor(() => core!.runtime.server.players.size === 2, 'players');
  core.sandbox.playerFinish('anna', 25_000);
  await core.waitFor(() => chats().includes('Anna drove record #1 on Sandbox Sprint: 0:25.000'), 'the first record');
  core.sandbox.playerFinish('ben', 24_600);
  await core.waitFor(() => chats().includes('Ben drove record #1 on Sandbox Sprint: 0:24.600'), "ben's record");
  core.sandbox.playerFinish('anna', 26_000);
  core.sandbox.playerChat('anna', '/records');
  await core.waitFor(() => chats().includes('Records on Sandbox Sprint: 1. Ben 0:24.600 | 2. Anna 0:25.000'), 'the list');
  assert.equal(chats().filter((text) => text.includes('drove record')).length, 2, 'a slower finish is not announced');
  await core.runtime.stop();

  const database = await openDatabase('', dataDir);
  const saved = await database.namespace<RecordsTables>('app_records', 'test').selectFrom('records').select(['login', 'time', 'server_login']).orderBy('time').execute();
  await database.close();
  assert.deepEqual(saved, [
    { login: 'ben', time: 24_600, server_login: 'pitwall-sandbox' },
    { login: 'anna', time: 25_000, server_login: 'pitwall-sandbox' },
  ]);
  core = await startTestCore({ apps: ['records'], settings: { DATA_DIR: dataDir } });
  core.sandbox.nextMap();
  core.sandbox.nextMap();
  core.sandbox.nextMap();
  core.sandbox.nextMap();
  await core.waitFor(() => chats().includes('Record on Sandbox Sprint: 0:24.600 by Ben'), 'the record announced at map start');
  assert.ok(chats().includes('No record on Sandbox Loops yet: go!'));
});
