import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MapChangeWatch } from '../../../core/server/map-change.js';
import { startTestCore } from '../../helpers/core.js';

// A real server refuses a second change with 'Change in progress.' until the first is over (the fault text
// Pitwall's outside-faults.ts names); the mode's Maniaplanet.* sections (maniaplanet/script-xmlrpc) tell when.
it('a second map change asked for during one waits for it to end instead of being refused', async () => {
  const core = await startTestCore({ apps: [] });
  try {
    const began: string[] = [];
    core.runtime.events.on('beginMap', ({ map }) => void began.push(map.uid));
    const first = core.sandbox.world.maps[1]!.UId;
    const second = core.sandbox.world.maps[2]!.UId;
    await Promise.all([core.runtime.server.nextMap(), core.runtime.server.call('NextMap')]);
    await core.waitFor(() => began.length === 2, 'two map changes');
    assert.deepEqual(began, [first, second]);
    assert.deepEqual(core.sandbox.faults.filter((fault) => fault.method === 'NextMap'), []);
  } finally {
    await core.stop();
  }
});

it('a change whose end is never announced stops holding calls back after the longest wait', async () => {
  const watch = new MapChangeWatch(20);
  const keepAlive = setTimeout(() => undefined, 5_000);
  await watch.run(async () => true);
  assert.equal(watch.underWay, true);
  await watch.settled();
  assert.equal(watch.underWay, false);
  clearTimeout(keepAlive);
});

it('a refused change is not waited for; a change under way ends with play on the next map', async () => {
  const watch = new MapChangeWatch(60_000);
  await assert.rejects(watch.run(async () => Promise.reject(new Error('Change in progress.'))), /Change in progress\./);
  assert.equal(watch.underWay, false);
  watch.observe('ManiaPlanet.ModeScriptCallbackArray', ['Maniaplanet.UnloadingMap_Start', ['{}']]);
  assert.equal(watch.underWay, true);
  watch.observe('ManiaPlanet.ModeScriptCallbackArray', ['Maniaplanet.StartMap_Start', ['{}']]);
  assert.equal(watch.underWay, false);
});
