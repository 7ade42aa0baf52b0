import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const RANKING = 'pitwall.live.ranking';
const STRIP = 'pitwall.live.best-cps';

/** A player's entry in Trackmania.Scores (maniaplanet/script-xmlrpc XmlRpcListing.md, "Trackmania.Scores"). */
function scoreOf(login: string, name: string, rank: number, matchpoints: number, roundpoints: number): Record<string, unknown> {
  return {
    login, accountid: '', name, rank, roundpoints, mappoints: matchpoints, matchpoints,
    bestracetime: -1, bestracerespawns: -1, bestracecheckpoints: [], bestlaptime: -1, bestlaprespawns: -1, bestlapcheckpoints: [],
    prevracetime: -1, prevracerespawns: -1, prevracecheckpoints: [], prevstuntsscore: 0, stuntsscore: 0,
  };
}

// Time Attack's live ranking is each player's best this map with the gap to the leader, as EvoSC#'s
// LiveRanking module and PyPlanet's live_rankings app (pyplanet/apps/contrib/live_rankings) show it.
it("in Time Attack the live ranking shows each player's best this map and the gap to the leader", async () => {
  core = await startTestCore({ apps: ['live'] });
  for (const [login, nick] of [['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo'], ['dan', 'Dan']] as const) await core.join(login, nick);
  await core.finish('ben', 20_000);
  await core.finish('anna', 21_500);
  let page = await core.ui.waitForPage('cleo', RANKING, (shown) => shown.texts.includes('Anna'));
  assert.equal(XMLValidator.validate(page.xml), true);
  assert.deepEqual(page.texts, ['Live', '1.', 'Ben', '0:20.000', '2.', 'Anna', '0:21.500', '+1.500']);
  // A slower run changes nothing; a better one moves the player up.
  await core.finish('ben', 20_400);
  await core.finish('anna', 19_900);
  page = await core.ui.waitForPage('cleo', RANKING, (shown) => shown.texts[2] === 'Anna');
  assert.deepEqual(page.texts, ['Live', '1.', 'Anna', '0:19.900', '2.', 'Ben', '0:20.000', '+0.100']);

  // Times the mode reports in its scores count too (a best driven before the controller started).
  core.sandbox.scores.finish('dan', '', 19_000, [3_800, 7_600, 11_400, 15_200, 19_000]);
  core.sandbox.scriptCallback('Trackmania.Scores', core.sandbox.scoresData('EndRound'));
  page = await core.ui.waitForPage('cleo', RANKING, (shown) => shown.texts.includes('Dan'));
  assert.deepEqual(page.texts, ['Live', '1.', 'Dan', '0:19.000', '2.', 'Anna', '0:19.900', '+0.900', '3.', 'Ben', '0:20.000', '+1.000']);

  // A new map starts from nothing.
  await core.nextMap();
  await core.waitFor(() => core!.ui.page('cleo', RANKING) === undefined, 'the ranking cleared on a new map');
  assert.deepEqual(core.errors, []);
});

// Rounds, Cup and Teams rank by the points in Trackmania.Scores, asked for with Trackmania.GetScores
// (maniaplanet/script-xmlrpc XmlRpcListing.md), as PyPlanet's live_rankings reads them in those modes.
it('in Rounds the live ranking shows the points and positions of the mode scores', async () => {
  core = await startTestCore({ apps: ['live'] });
  for (const [login, nick] of [['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo']] as const) await core.join(login, nick);
  await core.runtime.server.call('SetScriptName', 'Trackmania/TM_Rounds_Online.Script.txt');
  await core.nextMap();
  await core.waitFor(() => core!.runtime.server.info.modeScript.includes('Rounds'), 'the Rounds mode');
  // The map's scores, asked for as it begins: nobody has points yet.
  assert.deepEqual((await core.ui.waitForPage('anna', RANKING)).texts, ['Live', '1.', 'Anna', '0', '2.', 'Ben', '0', '3.', 'Cleo', '0']);
  const scores = { ...core.sandbox.scoresData('EndRound'), players: [scoreOf('ben', 'Ben', 1, 15, 10), scoreOf('anna', 'Anna', 2, 12, 6), scoreOf('cleo', 'Cleo', 3, 3, 0)] };
  core.sandbox.scriptCallback('Trackmania.Scores', scores);
  const page = await core.ui.waitForPage('anna', RANKING, (shown) => shown.texts.includes('15'));
  assert.deepEqual(page.texts, ['Live', '1.', 'Ben', '15', '+10', '2.', 'Anna', '12', '+6', '3.', 'Cleo', '3']);
  // A finish does not reorder a points ranking (the mode's scores do).
  await core.finish('cleo', 19_000);
  core.sandbox.scriptCallback('Trackmania.Scores', { ...scores, section: 'EndMap', players: [scoreOf('anna', 'Anna', 1, 22, 10), scoreOf('ben', 'Ben', 2, 21, 6), scoreOf('cleo', 'Cleo', 3, 3, 0)] });
  assert.deepEqual((await core.ui.waitForPage('anna', RANKING, (shown) => shown.texts[2] === 'Anna')).texts, ['Live', '1.', 'Anna', '22', '+10', '2.', 'Ben', '21', '+6', '3.', 'Cleo', '3']);
  assert.deepEqual(core.errors, []);
});

// The fastest time at each checkpoint and who drove it, as PyPlanet's best_cps app shows it in a strip at
// the top of the screen (pyplanet docs, apps/best_cps: "the best driven time at each CP").
it('the best checkpoints strip shows the fastest time at each checkpoint this map and who drove it', async () => {
  core = await startTestCore({ apps: ['live'] });
  for (const [login, nick] of [['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo']] as const) await core.join(login, nick);
  // Runs split in five equal parts: ben 4000 a part, anna 4300.
  core.sandbox.playerRun('ben', 20_000);
  core.sandbox.playerRun('anna', 21_500);
  // cleo is fastest to the first checkpoint only, then gives up.
  core.sandbox.wayPoint('cleo', { curracecheckpoints: [3_900], curlapcheckpoints: [3_900] });
  const page = await core.ui.waitForPage('anna', STRIP, (shown) => shown.texts.includes('Cleo'));
  assert.equal(XMLValidator.validate(page.xml), true);
  assert.deepEqual(page.texts, ['1', '0:03.900', 'Cleo', '2', '0:08.000', 'Ben', '3', '0:12.000', 'Ben', '4', '0:16.000', 'Ben', '5', '0:20.000', 'Ben']);
  await core.nextMap();
  await core.waitFor(() => core!.ui.page('anna', STRIP) === undefined, 'the strip cleared on a new map');
  assert.deepEqual(core.errors, []);
});
