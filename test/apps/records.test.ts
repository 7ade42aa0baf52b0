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

it('keeps a separate table for each map, keyed by the map UId the server sends', async () => {
  core = await startTestCore({ apps: ['records'] });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  const [sprint, loops] = core.sandbox.world.maps;
  await core.finish('anna', 25_000);
  await core.waitForChat('Anna drove record #1 on Sandbox Sprint: 0:25.000');
  await core.nextMap();
  await core.finish('ben', 30_000);
  await core.waitForChat('Ben drove record #1 on Sandbox Loops: 0:30.000');
  await core.chat('ben', '/records');
  await core.waitForChat('Records on Sandbox Loops: 1. Ben 0:30.000');
  await core.runtime.stop();
  const database = await openDatabase('', core.dataDir);
  const saved = await database.namespace<RecordsTables>('app_records', 'test').selectFrom('records').select(['map_uid', 'login']).orderBy('login').execute();
  await database.close();
  assert.deepEqual(saved, [
    { map_uid: sprint!.UId, login: 'anna' },
    { map_uid: loops!.UId, login: 'ben' },
  ]);
});

it('resets formatting after nicknames and map names and drops their links', async () => {
  core = await startTestCore({ apps: ['records'] });
  core.sandbox.world.maps[1]!.Name = '$l[http://x]$f00Loops';
  await core.join('bob', '$l[http://x]$o$F00Bob$z$$');
  await core.nextMap();
  await core.waitForChat('No record on $f00Loops$z yet: go!');
  await core.finish('bob', 30_000);
  await core.waitForChat('$o$F00Bob$z$$$z drove record #1 on $f00Loops$z: 0:30.000');
  await core.chat('bob', '/records');
  await core.waitForChat('Records on $f00Loops$z: 1. $o$F00Bob$z$$$z 0:30.000');
});

it('keeps only race ends with a positive time: not checkpoints, not lap ends, not times of 0 or less', async () => {
  core = await startTestCore({ apps: ['records'] });
  await core.join('anna', 'Anna');
  core.sandbox.playerFinish('anna', 0);
  core.sandbox.playerFinish('anna', -1);
  // Laps: the end of lap 1 is not the end of the race.
  core.sandbox.wayPoint('anna', { racetime: 20_000, laptime: 20_000, isendlap: true, isendrace: false, curracecheckpoints: [10_000, 20_000] });
  core.sandbox.playerRun('anna', 41_000);
  await core.waitForChat('Anna drove record #1 on Sandbox Sprint: 0:41.000');
  await core.chat('anna', '/records');
  await core.waitForChat('Records on Sandbox Sprint: 1. Anna 0:41.000');
  assert.deepEqual(chats().filter((text) => text.includes('drove record')), ['Anna drove record #1 on Sandbox Sprint: 0:41.000']);
});

it('reads the mode from the server: Royal section ends are not map records', async () => {
  core = await startTestCore({ apps: ['records'] });
  await core.join('anna', 'Anna');
  await core.runtime.server.call('SetScriptName', 'Trackmania/TM_RoyalTimeAttack_Online.Script.txt');
  await core.nextMap();
  assert.equal(core.runtime.server.info.modeScript, 'Trackmania/TM_RoyalTimeAttack_Online.Script.txt');
  core.sandbox.wayPoint('anna', { racetime: 9_000, laptime: 9_000, isendlap: true, isendrace: true, curracecheckpoints: [9_000] });
  await core.chat('anna', '/records');
  await core.waitForChat('No records on Sandbox Loops yet.');
  assert.equal(chats().filter((text) => text.includes('drove record')).length, 0);
});

it('/records [count] shows that many records; a wrong count is answered with the usage', async () => {
  core = await startTestCore({ apps: ['records'] });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await core.finish('anna', 25_000);
  await core.finish('ben', 24_600);
  await core.waitForChat('Anna drove record #1 on Sandbox Sprint: 0:25.000');
  await core.waitForChat('Ben drove record #1 on Sandbox Sprint: 0:24.600');
  await core.chat('anna', '/records 1');
  await core.waitForChat('Records on Sandbox Sprint: 1. Ben 0:24.600');
  const usage = 'Usage: /records [count]';
  await core.chat('anna', '/records abc');
  await core.waitForChat(`Wrong <count>: expected a whole number from 1 to 50, got 'abc'. ${usage}`);
  await core.chat('anna', '/records 0');
  await core.waitForChat(`Wrong <count>: expected a whole number from 1 to 50, got '0'. ${usage}`);
  await core.chat('anna', '/records 2 more');
  await core.waitForChat(`Too many arguments: 'more' is not expected. ${usage}`);
  assert.equal(chats().filter((text) => text.startsWith('Records on')).length, 1);
});
