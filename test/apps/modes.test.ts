import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { XMLValidator } from 'fast-xml-parser';
import { accountId } from '../../core/sandbox/waypoint.js';
import type { ServerEventMap } from '../../core/server/event-map.js';
import { startTestCore, testApp, type TestCore } from '../helpers/core.js';

// Every Trackmania 2020 mode, played on the sandbox with `records` and `live` running: players drive through
// checkpoints and finishes, rounds end as the mode scores them, and each test reads the pages players see.
// The modes' script names are Nadeo's (EvoSC-sharp src/EvoSC.Common/Util/MatchSettings/DefaultModeScriptName.cs).

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const RANKING = 'pitwall.live.ranking';
const STRIP = 'pitwall.live.best-cps';
const RECORDS = 'pitwall.records.widget';
const CPS = 'pitwall.records.cps';

/** What a listening app saw of the race events. */
interface Seen {
  finishes: ServerEventMap['playerFinish'][];
  eliminations: ServerEventMap['knockoutElimination'][];
}

async function start(players: readonly (readonly [string, string])[]): Promise<{ core: TestCore; seen: Seen }> {
  const seen: Seen = { finishes: [], eliminations: [] };
  const listener = testApp('listener', {
    init(ctx) {
      ctx.on('playerFinish', (finish) => void seen.finishes.push(finish));
      ctx.on('knockoutElimination', (elimination) => void seen.eliminations.push(elimination));
    },
  });
  core = await startTestCore({ apps: ['records', 'live', listener] });
  for (const [login, nick] of players) await core.join(login, nick);
  return { core, seen };
}

/** The mode a script runs from the next map on, as SetScriptName does on a real server. */
async function play(script: string): Promise<void> {
  await core!.runtime.server.call('SetScriptName', script);
  await core!.nextMap();
  await core!.waitFor(() => core!.runtime.server.info.modeScript === script, `the mode ${script}`);
}

/** Waits until `login` sees page `id` with exactly these texts; a timeout shows what it saw instead. */
async function shows(id: string, texts: readonly string[], login = 'anna'): Promise<void> {
  try {
    const page = await core!.ui.waitForPage(login, id, (shown) => isDeepStrictEqual(shown.texts, texts));
    assert.equal(XMLValidator.validate(page.xml), true);
  } catch (error) {
    assert.deepEqual(core!.ui.page(login, id)?.texts, texts);
    throw error;
  }
}

/** Each run in finish order, then the round ends as the mode scores it. */
function round(runs: readonly (readonly [string, number])[]): void {
  for (const [login, time] of runs) core!.sandbox.playerRun(login, time);
  core!.sandbox.endRound();
}

// Time Attack: the best time of each player this map, with the gap to the leader (EvoSC#'s LiveRanking, PyPlanet's
// live_rankings), and each finish a record.
it('Time Attack: best times in the live ranking and the records, the best checkpoints from every run', async () => {
  await start([['anna', 'Anna'], ['ben', 'Ben']]);
  core!.sandbox.playerRun('ben', 20_000);
  core!.sandbox.playerRun('anna', 21_500);
  await shows(RANKING, ['Live', '1.', 'Ben', '0:20.000', '2.', 'Anna', '0:21.500', '+1.500']);
  await shows(RECORDS, ['Records', '1.', 'Ben', '0:20.000', '2.', 'Anna', '0:21.500']);
  await shows(STRIP, ['1', '0:04.000', 'Ben', '2', '0:08.000', 'Ben', '3', '0:12.000', 'Ben', '4', '0:16.000', 'Ben', '5', '0:20.000', 'Ben']);
  assert.deepEqual(core!.errors, []);
});

// Rounds: each finish of a round scores by its position, S_PointsRepartition empty meaning 10,6,4,3,2,1
// (EvoSC-sharp ModeScriptSettings.cs), sent in Trackmania.Scores at the round's end (maniaplanet/script-xmlrpc
// XmlRpcListing.md); each finish is a run of the map, so a record.
it('Rounds: the points of each round from the mode scores, every finish a record', async () => {
  await start([['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo']]);
  await play('Trackmania/TM_Rounds_Online.Script.txt');
  await shows(RANKING, ['Live', '1.', 'Anna', '0', '2.', 'Ben', '0', '3.', 'Cleo', '0']);
  // cleo does not finish the first round.
  round([['anna', 20_000], ['ben', 21_000]]);
  await shows(RANKING, ['Live', '1.', 'Anna', '10', '+10', '2.', 'Ben', '6', '+6', '3.', 'Cleo', '0']);
  await shows(RECORDS, ['Records', '1.', 'Anna', '0:20.000', '2.', 'Ben', '0:21.000']);
  round([['ben', 19_500], ['cleo', 19_800]]);
  await shows(RANKING, ['Live', '1.', 'Ben', '16', '+10', '2.', 'Anna', '10', '3.', 'Cleo', '6', '+6']);
  await shows(RECORDS, ['Records', '1.', 'Ben', '0:19.500', '2.', 'Cleo', '0:19.800', '3.', 'Anna', '0:20.000']);
  assert.deepEqual(core!.errors, []);
});

// Cup: "At some point, the players will meet a maximum point limit and become finalists. The first finalists to
// each take the first position at some point will be the winners" (nadeo.wikia.com/wiki/Cup); the limit is
// S_PointsLimit and the number of winners S_NbOfWinners (EvoSC-sharp ModeScriptSettings.cs), and Nadeo's
// scoreboard labels the rows "Finalist" and "Winner" (EvoSC-sharp ScoreboardModule Framemodel.ms: |Status|Finalist,
// |Status|Winner). In Trackmania.Scores a finalist's match points are at the limit and a winner's past it.
it('Cup: a player at the points limit is a finalist, and the finalist who wins a round the winner', async () => {
  await start([['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo']]);
  await play('Trackmania/TM_Cup_Online.Script.txt');
  await core!.runtime.server.call('SetModeScriptSettings', { S_PointsLimit: 20, S_NbOfWinners: 2 });
  // The limit is read as each map begins.
  await core!.nextMap();
  round([['anna', 20_000], ['ben', 21_000], ['cleo', 22_000]]);
  await shows(RANKING, ['Live', '1.', 'Anna', '10', '+10', '2.', 'Ben', '6', '+6', '3.', 'Cleo', '4', '+4']);
  // anna reaches the limit: a finalist.
  round([['anna', 20_000], ['cleo', 21_000], ['ben', 22_000]]);
  await shows(RANKING, ['Live', '1.', 'Anna', '20', 'Finalist', '2.', 'Ben', '10', '+4', '3.', 'Cleo', '10', '+6']);
  // ben wins the round and reaches it too; anna, a finalist second, stays at the limit.
  round([['ben', 20_000], ['anna', 21_000], ['cleo', 22_000]]);
  await shows(RANKING, ['Live', '1.', 'Anna', '20', 'Finalist', '2.', 'Ben', '20', 'Finalist', '3.', 'Cleo', '14', '+4']);
  // anna wins a round as a finalist: the first winner.
  round([['anna', 19_000], ['ben', 21_000], ['cleo', 22_000]]);
  await shows(RANKING, ['Live', '1.', 'Anna', '22', 'Winner', '2.', 'Ben', '20', 'Finalist', '3.', 'Cleo', '18', '+4']);
  await shows(RECORDS, ['Records', '1.', 'Anna', '0:19.000', '2.', 'Ben', '0:20.000', '3.', 'Cleo', '0:21.000']);
  assert.deepEqual(core!.errors, []);
});

// Laps: a lap line is a WayPoint with isendlap, the finish after the last lap one with isendrace too
// (maniaplanet/script-xmlrpc XmlRpcListing.md, Trackmania.Event.WayPoint); PyPlanet's live_rankings and local
// records take a race time only with isendrace.
it('Laps: a race time only at the end of the race, not at each lap line', async () => {
  const { seen } = await start([['anna', 'Anna'], ['ben', 'Ben']]);
  const lapMap = core!.sandbox.world.nextMap;
  lapMap.LapRace = true;
  lapMap.NbLaps = 3;
  await play('Trackmania/TM_Laps_Online.Script.txt');
  core!.sandbox.playerLapRace('anna', [20_000, 19_000, 19_500]);
  core!.sandbox.playerLapRace('ben', [19_000, 19_000, 19_000]);
  // A lap time kept as a run would be far better than either race.
  await shows(RANKING, ['Live', '1.', 'Ben', '0:57.000', '2.', 'Anna', '0:58.500', '+1.500']);
  await shows(RECORDS, ['Records', '1.', 'Ben', '0:57.000', '2.', 'Anna', '0:58.500']);
  const anna = seen.finishes.filter((finish) => finish.login === 'anna').map(({ lap, isEndLap, isEndRace, raceTime, checkpoints }) => ({ lap, isEndLap, isEndRace, raceTime, checkpoints: checkpoints.length }));
  assert.deepEqual(anna, [
    { lap: 1, isEndLap: true, isEndRace: false, raceTime: 20_000, checkpoints: 5 },
    { lap: 2, isEndLap: true, isEndRace: false, raceTime: 39_000, checkpoints: 10 },
    { lap: 3, isEndLap: true, isEndRace: true, raceTime: 58_500, checkpoints: 15 },
  ]);
  assert.deepEqual(core!.errors, []);
});

// Knockout: Trackmania.Knockout.Elimination carries the account ids knocked out at the end of a round
// (timwie/steward KnockoutEndRoundEvent `accountids`; PyPlanet's tmnext_ko_elimination), before the round's
// scores; whoever does not finish is out, and one more for each of S_EliminatedPlayersNbRanks the field is
// larger than (EvoSC-sharp ModeScriptSettings.cs: "Rank at which one more player is eliminated per round").
it('Knockout: the players eliminated are shown out, ranked after the players still in', async () => {
  const { seen } = await start([['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo'], ['dan', 'Dan']]);
  await play('Trackmania/TM_Knockout_Online.Script.txt');
  // dan does not finish: out.
  round([['anna', 20_000], ['ben', 20_500], ['cleo', 21_000]]);
  await shows(RANKING, ['Live', '1.', 'Anna', '2.', 'Ben', '3.', 'Cleo', '4.', 'Dan', 'Out']);
  // ben is the slowest: out, above dan who went out before him.
  round([['cleo', 19_000], ['anna', 19_500], ['ben', 20_000]]);
  await shows(RANKING, ['Live', '1.', 'Cleo', '2.', 'Anna', '3.', 'Ben', 'Out', '4.', 'Dan', 'Out']);
  const idOf = (login: string) => accountId(core!.sandbox.world.players.get(login)!.PlayerId);
  assert.deepEqual(seen.eliminations, [{ accountIds: [idOf('dan')] }, { accountIds: [idOf('ben')] }]);
  // Every finish of a round is a run of the map.
  await shows(RECORDS, ['Records', '1.', 'Cleo', '0:19.000', '2.', 'Anna', '0:19.500', '3.', 'Ben', '0:20.000']);
  assert.deepEqual(core!.errors, []);
});

// Teams: Trackmania.Scores has useteams and each team's points (maniaplanet/script-xmlrpc XmlRpcListing.md);
// each finish scores for its team by position, and the team with more points wins the round's match point.
it("Teams: the teams' points from the mode scores above the players'", async () => {
  await start([['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo'], ['dan', 'Dan']]);
  await play('Trackmania/TM_Teams_Online.Script.txt');
  // The mode balances the teams: anna and cleo blue, ben and dan red.
  await core!.waitFor(() => core!.runtime.server.players.get('dan')?.teamId === 1, 'dan in the red team');
  assert.deepEqual(['anna', 'ben', 'cleo', 'dan'].map((login) => core!.runtime.server.players.get(login)?.teamId), [0, 1, 0, 1]);
  round([['anna', 20_000], ['ben', 20_500], ['cleo', 21_000], ['dan', 21_500]]);
  await shows(RANKING, ['Live', 'Blue', '1', '+14', 'Red', '0', '+9', '1.', 'Anna', '10', '+10', '2.', 'Ben', '6', '+6', '3.', 'Cleo', '4', '+4', '4.', 'Dan', '3', '+3']);
  round([['dan', 20_000], ['ben', 20_500], ['anna', 21_000], ['cleo', 21_500]]);
  await shows(RANKING, ['Live', 'Blue', '1', '+7', 'Red', '1', '+16', '1.', 'Anna', '14', '+4', '2.', 'Dan', '13', '+10', '3.', 'Ben', '12', '+6', '4.', 'Cleo', '7', '+3']);
  await shows(RECORDS, ['Records', '1.', 'Anna', '0:20.000', '2.', 'Dan', '0:20.000', '3.', 'Ben', '0:20.500', '4.', 'Cleo', '0:21.000']);
  assert.deepEqual(core!.errors, []);
});

// Royal Time Attack: each finish line ends one of the map's five sections, with the section's time (PyPlanet
// pyplanet/apps/core/trackmania/callbacks.py handle_waypoint_royal, which sums the five into one run). Pitwall
// keeps no record and no ranking of them; checkpoints inside a section still count for the best checkpoints.
it('Royal Time Attack: section ends make no record and no ranking', async () => {
  const { seen } = await start([['anna', 'Anna']]);
  await play('Trackmania/TM_RoyalTimeAttack_Online.Script.txt');
  for (let section = 0; section < 5; section += 1) core!.sandbox.playerRun('anna', 9_000);
  // The first checkpoint of a new run: once its pages show, every section end before it was handled.
  core!.sandbox.wayPoint('anna', { racetime: 1_000, laptime: 1_000, curracecheckpoints: [1_000], curlapcheckpoints: [1_000] });
  await shows(STRIP, ['1', '0:01.000', 'Anna', '2', '0:03.600', 'Anna', '3', '0:05.400', 'Anna', '4', '0:07.200', 'Anna']);
  await shows(CPS, ['Checkpoint 1', '0:01.000', '-', 'no time to compare yet']);
  assert.equal(core!.ui.page('anna', RANKING), undefined);
  assert.deepEqual(core!.ui.page('anna', RECORDS)?.texts, ['Records', 'No time yet: go!']);
  assert.deepEqual(
    seen.finishes.map(({ isEndSection, isEndRace }) => ({ isEndSection, isEndRace })),
    Array.from({ length: 5 }, () => ({ isEndSection: true, isEndRace: false })),
  );
  // The map restarted: still no record on it.
  const from = core!.chatLog.length;
  core!.sandbox.nextMap(true);
  await core!.waitFor(() => core!.chatLog.slice(from).some((chat) => chat.text === 'No record on Sandbox Loops yet: go!'), 'the map announced without a record');
  assert.deepEqual(core!.errors, []);
});
