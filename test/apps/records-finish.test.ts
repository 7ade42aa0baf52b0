import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { checkpointBoundOf, FALLBACK_CHECKPOINT_BOUND } from '../../apps/records/checkpoint-bound.js';
import type { RecordsTables } from '../../apps/records/store.js';
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

/** Sends a finish line WayPoint with exactly these fields (no player check: the server is the one lying). */
function wayPoint(fields: Record<string, unknown>): void {
  core.sandbox.scriptCallback('Trackmania.Event.WayPoint', { time: Date.now(), isendrace: true, isendlap: true, ...fields });
}

async function dropped(line: string): Promise<void> {
  await core.waitFor(() => core.logs.some((entry) => entry.level === 'debug' && entry.label === 'records' && entry.message === line), `the debug line '${line}'`);
}

const RANGE = 'is not a whole number of milliseconds from 1 to 2147483647.';

for (const [what, time] of [
  ['a half millisecond', 0.5],
  ['a nanosecond (it became record #1)', 1e-9],
  ['1e15 ms', 1e15],
  ['2^53 ms', 2 ** 53],
  ['2^31 ms, one above the largest', 2 ** 31],
  ['zero', 0],
  ['a negative time', -1],
] as const) {
  it(`a race time of ${what} is dropped with one debug line and never stored`, async () => {
    wayPoint({ login: 'anna', racetime: time, curracecheckpoints: [] });
    await dropped(`Dropped a finish by anna: race time ${String(time)} ${RANGE}`);
    assert.deepEqual(await stored('anna'), []);
  });
}

it('a race time of Infinity (JSON 1e999) is dropped; the chat never says Infinity:NaN.NaN', async () => {
  // The sandbox writes JSON.stringify, which cannot spell it: emitted as the facade decodes `1e999`.
  core.emit('modeScript', { name: 'Trackmania.Event.WayPoint', data: { login: 'anna', racetime: JSON.parse('1e999') as number, isendrace: true, curracecheckpoints: [] } });
  await dropped(`Dropped a finish by anna: race time Infinity ${RANGE}`);
  assert.deepEqual(await stored('anna'), []);
  assert.equal(core.chatLog.filter((chat) => chat.text.includes('NaN')).length, 0);
});

it('a race time sent as a text is dropped', async () => {
  wayPoint({ login: 'anna', racetime: '25000', curracecheckpoints: [] });
  await dropped(`Dropped a finish by anna: race time "25000" ${RANGE}`);
});

it('a finish by a login that is not connected is dropped', async () => {
  wayPoint({ login: 'ghost', racetime: 20_000, curracecheckpoints: [5_000, 10_000, 15_000, 17_500, 20_000] });
  await dropped('Dropped a finish by ghost: no such player is connected.');
  assert.deepEqual(await stored('ghost'), []);
});

it('a finish without a login as text is dropped', async () => {
  wayPoint({ login: ['anna'], racetime: 20_000 });
  await dropped('Dropped a finish whose login is not a text.');
});

it('WayPoint data that is not an object is dropped', async () => {
  // Straight onto the event hub: the facade already drops such data at the door (test/core/server).
  core.emit('modeScript', { name: 'Trackmania.Event.WayPoint', data: [1, 2, 3] as unknown as Record<string, unknown> });
  await dropped('Dropped a WayPoint whose data is not an object.');
});

it('a 200,000-entry checkpoint list is dropped, not kept in one row', async () => {
  const checkpoints = Array.from({ length: 200_000 }, (_, index) => index + 1);
  wayPoint({ login: 'anna', racetime: 200_000, curracecheckpoints: checkpoints });
  await dropped('Dropped a finish by anna: 200000 checkpoint times, more than a run of this map can have (5).');
  assert.deepEqual(await stored('anna'), []);
});

it("a checkpoint list one longer than the map's count allows is dropped; checkpoint times must be whole milliseconds", async () => {
  // The sandbox's maps report NbCheckpoints 4; the bound allows one more for a server not counting the finish.
  wayPoint({ login: 'anna', racetime: 30_000, curracecheckpoints: [5_000, 10_000, 15_000, 20_000, 25_000, 30_000] });
  await dropped('Dropped a finish by anna: 6 checkpoint times, more than a run of this map can have (5).');
  wayPoint({ login: 'anna', racetime: 30_000, curracecheckpoints: [5_000.5, 30_000] });
  await dropped('Dropped a finish by anna: its checkpoint times are not all whole numbers of milliseconds from 0 to 2147483647.');
  wayPoint({ login: 'anna', racetime: 30_000, curracecheckpoints: { 0: 30_000 } });
  await dropped('Dropped a finish by anna: its checkpoint times are not a list.');
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
