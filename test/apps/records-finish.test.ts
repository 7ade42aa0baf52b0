import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { checkpointBoundOf, FALLBACK_CHECKPOINT_BOUND } from '../../apps/records/checkpoint-bound.js';
import type { RecordsTables } from '../../apps/records/store.js';
import { startCoreBehindRelay } from '../helpers/core-behind-relay.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

// Real servers send race and checkpoint times as whole milliseconds: EvoSC# reads `racetime` of
// Trackmania.Event.WayPoint as an int and `curracecheckpoints` as an int[]; the game keeps them in 32 bits.
// eXpansion (ManiaLive) takes a lap as done when the checkpoint index + 1 reaches the map's nbCheckpoints:
// the server's NbCheckpoints counts the finish line, so a one-lap run crosses that many.

let core: TestCore;
before(async () => {
  core = await startTestCore({ apps: ['records'], settings: { DEBUG: true } });
  await core.join('anna', 'Anna');
});
after(() => core.stop());

const stored = async (login: string) =>
  core.runtime.database.namespace<RecordsTables>('app_records', 'test').selectFrom('records').select(['login', 'time', 'checkpoints']).where('login', '=', login).execute();

/**
 * Sends a finish line WayPoint with the fields a real server sends (maniaplanet/script-xmlrpc
 * XmlRpcListing.md), these ones overriding them; no player check: the server is the one lying.
 */
function wayPoint(fields: Record<string, unknown>): void {
  const race = Array.isArray(fields.curracecheckpoints) ? (fields.curracecheckpoints as unknown[]) : [];
  const index = Math.max(0, race.length - 1);
  core.sandbox.scriptCallback('Trackmania.Event.WayPoint', {
    time: 120_000,
    accountid: '',
    laptime: fields.racetime,
    checkpointinrace: index,
    checkpointinlap: index,
    isendrace: true,
    isendlap: true,
    curlapcheckpoints: race,
    blockid: '#finish',
    ...fields,
  });
}

/** Waits for a debug line of the records app, or of any part with `anyLabel`. */
async function dropped(line: string, anyLabel?: 'any'): Promise<void> {
  await core.waitFor(() => core.logs.some((entry) => entry.level === 'debug' && (anyLabel || entry.label === 'records') && entry.message === line), `the debug line '${line}'`);
}

/** The core's line for a WayPoint it refuses (once per kind of problem). */
const refused = (problem: string) => `Dropped Trackmania.Event.WayPoint: ${problem}; further ones like it are dropped without a line`;

const RANGE = 'not a whole number of milliseconds from 1 to 2147483647';

it('race times that are no whole number of milliseconds from 1 to 2^31 - 1 never reach the app and are never stored', async () => {
  // The core refuses them (each case: test/core/server/decode-script.test.ts); records sees only checked times.
  for (const time of [0.5, 1e-9, 1e15, 2 ** 53, 2 ** 31, 0, -1]) wayPoint({ login: 'anna', racetime: time, curracecheckpoints: [] });
  wayPoint({ login: 'anna', racetime: '25000', curracecheckpoints: [] });
  // Callbacks are handled in order: once this one is seen, so were the finishes before it.
  const seen = core.nextEvent('playerGiveUp');
  core.sandbox.scriptCallback('Trackmania.Event.GiveUp', { time: 120_001, login: 'anna' });
  await seen;
  for (const kind of ['a fraction', 'too large', 'too small', 'a string']) await dropped(refused(`its racetime is ${kind}, ${RANGE}`), 'any');
  assert.deepEqual(await stored('anna'), []);
});

it('a finish without a login as text, or with checkpoint times that are not whole milliseconds, never reaches the app', async () => {
  wayPoint({ login: ['anna'], racetime: 20_000 });
  await dropped(refused('its login is an array, not a string'), 'any');
  wayPoint({ login: 'anna', racetime: 30_000, curracecheckpoints: [5_000.5, 30_000] });
  await dropped(refused('its curracecheckpoints holds a fraction, not only whole milliseconds from 0 to 2147483647'), 'any');
  wayPoint({ login: 'anna', racetime: 30_000, curracecheckpoints: { 0: 30_000 } });
  await dropped(refused('its curracecheckpoints is a struct, not a list of times'), 'any');
  assert.deepEqual(await stored('anna'), []);
});

it('a finish by a login that is not connected is dropped', async () => {
  wayPoint({ login: 'ghost', racetime: 20_000, curracecheckpoints: [5_000, 10_000, 15_000, 17_500, 20_000] });
  await dropped('Dropped a finish by ghost: no such player is connected.');
  assert.deepEqual(await stored('ghost'), []);
});

it('a 200,000-entry checkpoint list is dropped, not kept in one row', async () => {
  const checkpoints = Array.from({ length: 200_000 }, (_, index) => index + 1);
  wayPoint({ login: 'anna', racetime: 200_000, curracecheckpoints: checkpoints });
  await dropped('Dropped a finish by anna: 200000 checkpoint times, more than a run of this map can have (5).');
  assert.deepEqual(await stored('anna'), []);
});

it("a checkpoint list one longer than the map's count allows is dropped", async () => {
  // The sandbox's maps report NbCheckpoints 4; the bound allows one more for a server not counting the finish.
  wayPoint({ login: 'anna', racetime: 30_000, curracecheckpoints: [5_000, 10_000, 15_000, 20_000, 25_000, 30_000] });
  await dropped('Dropped a finish by anna: 6 checkpoint times, more than a run of this map can have (5).');
  assert.deepEqual(await stored('anna'), []);
});

it('the fastest and slowest valid times are stored: 1 ms and 2^31 - 1 ms', async () => {
  await core.join('ben', 'Ben');
  await core.join('cleo', 'Cleo');
  wayPoint({ login: 'cleo', racetime: 2 ** 31 - 1, curracecheckpoints: [2 ** 31 - 1] });
  await core.waitForChat('Cleo drove record #1 on Sandbox Sprint: 35791:23.647');
  wayPoint({ login: 'ben', racetime: 1, curracecheckpoints: [0, 0, 0, 0, 1] });
  await core.waitForChat('Ben drove record #1 on Sandbox Sprint: 0:00.001');
  assert.deepEqual(await stored('ben'), [{ login: 'ben', time: 1, checkpoints: '[0,0,0,0,1]' }]);
});

it("the map's checkpoint count comes from the server; a lap race or an unknown count gets the fixed bound", () => {
  assert.equal(checkpointBoundOf({ NbCheckpoints: 4, LapRace: false }), 5);
  assert.equal(checkpointBoundOf({ NbCheckpoints: 12, LapRace: true, NbLaps: 3 }), FALLBACK_CHECKPOINT_BOUND);
  assert.equal(checkpointBoundOf({ NbCheckpoints: 0 }), FALLBACK_CHECKPOINT_BOUND);
  assert.equal(checkpointBoundOf({ NbCheckpoints: 2.5 }), FALLBACK_CHECKPOINT_BOUND);
  assert.equal(checkpointBoundOf(undefined), FALLBACK_CHECKPOINT_BOUND);
  assert.equal(FALLBACK_CHECKPOINT_BOUND, 2000);
});

it('on a lap race the fixed bound applies: a long multi-lap run is kept, a longer list is dropped', async () => {
  core.sandbox.world.maps[1]!.LapRace = true;
  core.sandbox.world.maps[1]!.NbLaps = 3;
  await core.nextMap();
  await core.waitFor(() => core.runtime.server.currentMap?.name === 'Sandbox Loops', 'the lap map');
  const run = (length: number) => Array.from({ length }, (_, index) => (index + 1) * 10);
  wayPoint({ login: 'anna', racetime: 20_010, curracecheckpoints: run(2001) });
  await dropped('Dropped a finish by anna: 2001 checkpoint times, more than a run of this map can have (2000).');
  wayPoint({ login: 'anna', racetime: 20_000, curracecheckpoints: run(2000) });
  await core.waitForChat('Anna drove record #1 on Sandbox Loops: 0:20.000');
});

it('a race time of Infinity (JSON 1e999) never reaches the app; the chat never says Infinity:NaN.NaN', async () => {
  // JSON.stringify cannot spell it, so the frame goes out raw, as a server (or a forged one) could send it.
  const setup = await startCoreBehindRelay({ settings: { DEBUG: true }, apps: ['records'] });
  try {
    await setup.join('anna');
    const fields = '"time":1,"login":"anna","laptime":1,"checkpointinrace":0,"checkpointinlap":0,"isendrace":true,"isendlap":true';
    setup.relay.sendCallback('ManiaPlanet.ModeScriptCallbackArray', ['Trackmania.Event.WayPoint', [`{${fields},"racetime":1e999}`]]);
    const line = `Dropped Trackmania.Event.WayPoint: its racetime is infinite, ${RANGE}; further ones like it are dropped without a line`;
    await setup.core.waitFor(() => setup.core.logs.some((entry) => entry.message === line), 'the drop line');
    await setup.chat('anna', '/records');
    await setup.core.waitFor(() => setup.sandbox.chatLog.some((chat) => chat.text === 'No records on Sandbox Sprint yet.'), 'the /records answer');
    assert.equal(setup.sandbox.chatLog.filter((chat) => chat.text.includes('NaN')).length, 0);
  } finally {
    await setup.stop();
  }
});
