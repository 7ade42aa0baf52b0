import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const CPS = 'pitwall.records.cps';

/** One checkpoint crossing: the run's times so far, as Trackmania.Event.WayPoint sends them. */
function cross(core: TestCore, login: string, times: number[]): void {
  core.sandbox.wayPoint(login, { curracecheckpoints: times, curlapcheckpoints: times });
}

/** A respawn (Trackmania.Event.Respawn): at checkpoint `index`, or at the start line for -1. */
function respawn(core: TestCore, login: string, index: number): void {
  const racetime = index < 0 ? 0 : 4_000;
  core.sandbox.scriptCallback('Trackmania.Event.Respawn', { time: 1000, login, nbrespawns: 1, racetime, laptime: racetime, checkpointinrace: index, checkpointinlap: index });
}

// The difference to a personal best or a record at each checkpoint, per player, as PyPlanet's sector_times
// widget shows it (pyplanet/apps/contrib/sector_times/views.py, SectorTimesWidget.get_per_player_data reads
// the player's own record; its checkpoint times come from Trackmania.Event.WayPoint's curracecheckpoints).
it('at each checkpoint the player sees the difference to their best, record #1 or the record above, and it resets with the run', async () => {
  core = await startTestCore({ apps: ['records'] });
  await core.join('anna', 'Anna');
  await core.join('p1', 'P1');
  await core.join('p2', 'P2');
  // Runs split in five equal parts (four checkpoints and the finish): p1 4000 a part, p2 4100, anna 4300.
  await core.finish('p1', 20_000);
  await core.finish('p2', 20_500);
  await core.finish('anna', 21_500);
  await core.waitForChat('Anna drove record #3 on Sandbox Sprint: 0:21.500');

  cross(core, 'anna', [4_200]);
  let page = await core.ui.waitForPage('anna', CPS, (shown) => shown.texts[0] === 'Checkpoint 1');
  assert.equal(XMLValidator.validate(page.xml), true);
  assert.deepEqual(page.texts, ['Checkpoint 1', '0:04.200', '-0.100', 'vs your best']);
  assert.match(page.xml, /textcolor="6c6" text="-0\.100"/, 'ahead in green');
  // Each player's page is their own: p1's still shows their finish, which had nothing to compare with.
  assert.deepEqual(core.ui.page('p1', CPS)!.texts, ['Checkpoint 5', '0:20.000', '-', 'no time to compare yet']);
  cross(core, 'anna', [4_200, 8_800]);
  page = await core.ui.waitForPage('anna', CPS, (shown) => shown.texts[0] === 'Checkpoint 2');
  assert.deepEqual(page.texts, ['Checkpoint 2', '0:08.800', '+0.200', 'vs your best']);
  assert.match(page.xml, /textcolor="f66" text="\+0\.200"/, 'behind in red');
  // The finish line is compared too: her new best, 21.000 (4200 a part).
  await core.finish('anna', 21_000);
  page = await core.ui.waitForPage('anna', CPS, (shown) => shown.texts[0] === 'Checkpoint 5');
  assert.deepEqual(page.texts, ['Checkpoint 5', '0:21.000', '-0.500', 'vs your best']);
  await core.waitForChat('Anna drove record #3 on Sandbox Sprint: 0:21.000');

  // The start line clears it.
  core.sandbox.scriptCallback('Trackmania.Event.StartLine', { time: 1000, login: 'anna' });
  await core.nextEvent('playerStartLine');
  await core.waitFor(() => core!.ui.page('anna', CPS) === undefined, 'the page gone at the start line');

  await core.chat('anna', '/cps top');
  await core.waitForChat('Checkpoint differences compare with record #1.');
  cross(core, 'anna', [4_300]);
  page = await core.ui.waitForPage('anna', CPS);
  assert.deepEqual(page.texts, ['Checkpoint 1', '0:04.300', '+0.300', 'vs #1 P1']);
  // A respawn at a checkpoint keeps the run; a give-up ends it.
  respawn(core, 'anna', 0);
  await core.nextEvent('playerRespawn');
  assert.notEqual(core.ui.page('anna', CPS), undefined);
  core.sandbox.scriptCallback('Trackmania.Event.GiveUp', { time: 1000, login: 'anna' });
  await core.waitFor(() => core!.ui.page('anna', CPS) === undefined, 'the page gone at a give-up');

  // anna is 3rd with 21.000: the record just above is p2's.
  await core.chat('anna', '/cps next');
  await core.waitForChat('Checkpoint differences compare with the record just above yours.');
  cross(core, 'anna', [4_000]);
  page = await core.ui.waitForPage('anna', CPS);
  assert.deepEqual(page.texts, ['Checkpoint 1', '0:04.000', '-0.100', 'vs #2 P2']);
  respawn(core, 'anna', -1);
  await core.waitFor(() => core!.ui.page('anna', CPS) === undefined, 'the page gone at a respawn to the start');

  // Without a choice it says the current one.
  const before = core.chatLog.length;
  await core.chat('anna', '/cps');
  await core.waitFor(() => core!.chatLog.slice(before).some((chat) => chat.text === 'Checkpoint differences compare with the record just above yours.'), 'the current choice');
  assert.deepEqual(core.errors, []);
});

it('a player without a time sees the checkpoint time alone, in their language', async () => {
  core = await startTestCore({ apps: ['records'] });
  await core.join('zoe', 'Zoé', { language: 'fr' });
  cross(core, 'zoe', [4_000]);
  assert.deepEqual((await core.ui.waitForPage('zoe', CPS)).texts, ['Checkpoint 1', '0:04.000', '-', 'pas encore de temps à comparer']);
  await core.join('jan', 'Jan', { language: 'de' });
  await core.join('p1', 'P1');
  await core.finish('p1', 20_000);
  await core.waitForChat('P1 drove record #1 on Sandbox Sprint: 0:20.000');
  await core.chat('jan', '/cps top');
  await core.waitForChat('Checkpoint-Abstände vergleichen mit Rekord #1.');
  cross(core, 'jan', [4_500]);
  assert.deepEqual((await core.ui.waitForPage('jan', CPS)).texts, ['Checkpoint 1', '0:04.500', '+0.500', 'gegen #1 P1']);
  await core.chat('zoe', '/cps best');
  await core.waitForChat(/pb/);
  assert.deepEqual(core.errors, []);
});

it('the target chosen with /cps is kept in the database: after a restart the next checkpoint is compared with it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-cps-'));
  core = await startTestCore({ apps: ['records'], settings: { DATA_DIR: dataDir } });
  await core.join('anna', 'Anna');
  await core.join('p1', 'P1');
  await core.finish('p1', 20_000);
  await core.finish('anna', 21_500);
  await core.waitForChat('Anna drove record #2 on Sandbox Sprint: 0:21.500');
  await core.chat('anna', '/cps top');
  await core.waitForChat('Checkpoint differences compare with record #1.');
  await core.stop();

  // A new controller on the same database: anna's target is read as she joins.
  core = await startTestCore({ apps: ['records'], settings: { DATA_DIR: dataDir } });
  await core.join('anna', 'Anna');
  cross(core, 'anna', [4_300]);
  const page = await core.ui.waitForPage('anna', CPS);
  assert.deepEqual(page.texts, ['Checkpoint 1', '0:04.300', '+0.300', 'vs #1 P1']);
  await core.chat('anna', '/cps');
  await core.waitForChat('Checkpoint differences compare with record #1.');
  assert.deepEqual(core.errors, []);
});
