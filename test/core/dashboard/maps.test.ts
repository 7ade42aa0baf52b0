import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../../helpers/core.js';
import { DashboardUser } from '../../helpers/dashboard.js';
import { startFakeTmx, tmxMap, type FakeTmx } from '../../helpers/fake-tmx.js';

// The map list is GetMapList's (maniaplanet/dedicated-server-api Connection.php getMapList), in its order, and the
// numbers are those of /maps; queue and remove are the maps app's /jukebox add and //removemap, add from TMX the tmx
// app's //add tmx, each run as the dashboard user through the command dispatcher.
let tmx: FakeTmx;
let core: TestCore;
let owner: DashboardUser;

before(async () => {
  tmx = await startFakeTmx([tmxMap(101, 'Desert Rush')]);
});
after(() => tmx.close());
beforeEach(async () => {
  core = await startTestCore({
    apps: ['maps', 'karma', 'records', 'tmx', 'admin'],
    settings: {
      ADMINS: ['boss'],
      DASHBOARD: { enabled: true, host: '127.0.0.1', port: 0 },
      APP_SETTINGS: { tmx: { url: tmx.url, userAgent: 'Pitwall-test (owner@example.com)', maxMapBytes: 100_000, timeoutMs: 3000 } },
    },
  });
  owner = await DashboardUser.login(core.runtime.dashboard!.loginLink());
});
afterEach(() => core.stop());

it('GET /api/maps lists the maps with karma and record from the karma and records apps, and the jukebox', async () => {
  await core.join('anna', 'Anna');
  await core.chat('anna', '++');
  await core.waitForChat('Your ++ for Sandbox Sprint is counted. Karma: +1 (1 vote: 1 ++).');
  await core.finish('anna', 25_000);
  await core.waitForChat('Anna drove record #1 on Sandbox Sprint: 0:25.000');
  await core.chat('anna', '/jukebox add 3');
  await core.waitForChat('Anna added Sandbox Ice to the jukebox (#1).');
  const view = (await owner.get('/api/maps')).json();
  const [sprint, loops, ice] = core.sandbox.world.maps;
  assert.deepEqual(
    view.maps.map((map: Record<string, unknown>) => [map.number, map.name, map.karma, map.recordMs, map.current, map.queued]),
    [
      [1, 'Sandbox Sprint', 1, 25_000, true, null],
      [2, 'Sandbox Loops', null, null, false, null],
      [3, 'Sandbox Ice', null, null, false, 1],
      [4, 'Sandbox Dirt', null, null, false, null],
    ],
  );
  assert.equal(view.maps[0].uid, sprint!.UId);
  assert.equal(view.maps[1].uid, loops!.UId);
  assert.deepEqual(view.jukebox, [{ position: 1, uid: ice!.UId, name: 'Sandbox Ice', login: 'anna' }]);
  assert.deepEqual(view.apps, { maps: true, karma: true, records: true, tmx: true });
});

it('queue and remove run /jukebox add and //removemap with the map number; the answers are the game\'s', async () => {
  const [, loops, ice] = core.sandbox.world.maps;
  const queued = await owner.post('/api/maps/queue', { uid: loops!.UId });
  assert.deepEqual([queued.status, queued.json()], [200, { result: 'ran', answers: [] }]);
  await core.waitForChat('dashboard:owner added Sandbox Loops to the jukebox (#1).');
  assert.deepEqual((await owner.get('/api/maps')).json().jukebox, [{ position: 1, uid: loops!.UId, name: 'Sandbox Loops', login: 'dashboard:owner' }]);
  const again = await owner.post('/api/maps/queue', { uid: loops!.UId });
  assert.deepEqual(again.json(), { result: 'ran', answers: ['Sandbox Loops is already in the jukebox.'] });
  const removed = await owner.post('/api/maps/remove', { uid: ice!.UId });
  assert.deepEqual([removed.status, removed.json()], [200, { result: 'ran', answers: ['Removed Sandbox Ice from the maps.'] }]);
  assert.deepEqual(
    (await owner.get('/api/maps')).json().maps.map((map: { name: string }) => map.name),
    ['Sandbox Sprint', 'Sandbox Loops', 'Sandbox Dirt'],
  );
  const unknown = await owner.post('/api/maps/remove', { uid: ice!.UId });
  assert.deepEqual([unknown.status, unknown.json()], [404, { error: `No map with uid ${ice!.UId} is on the server's list.` }]);
  assert.deepEqual((await owner.post('/api/maps/queue', {})).json(), { error: 'Give "uid": the map\'s uid, as in GET /api/maps.' });
});

it('an operator from //dashboard <player> cannot remove a map: //removemap needs admin, as in game', async () => {
  await core.join('boss');
  await core.join('olga');
  await core.chat('boss', '//admin add olga operator');
  await core.waitForChat('olga is now in group operator.');
  const link = core.runtime.dashboard!.loginLink('olga');
  const olga = await DashboardUser.login(link);
  const [, , ice] = core.sandbox.world.maps;
  const answer = await olga.post('/api/maps/remove', { uid: ice!.UId });
  assert.deepEqual([answer.status, answer.json()], [403, { result: 'denied', answers: ['You are not allowed to use //removemap.'] }]);
  assert.equal(((await owner.get('/api/maps')).json().maps as unknown[]).length, 4);
});

it('add from TMX runs //add tmx <id> through the tmx app; a bad id is refused before any command runs', async () => {
  const added = await owner.post('/api/maps/tmx', { id: 101 });
  assert.deepEqual([added.status, added.json()], [200, { result: 'ran', answers: ['Added $sDesert Rush$z (TMX #101) at the end of the map list.', 'The map list is saved to MatchSettings/tracklist.txt.'] }]);
  assert.equal((await owner.get('/api/maps')).json().maps.at(-1).name, '$sDesert Rush');
  const bad = await owner.post('/api/maps/tmx', { id: '101; //kick boss' });
  assert.deepEqual([bad.status, bad.json()], [400, { error: '"101; //kick boss" is not a TMX map id: give its number, e.g. 101.' }]);
});
