import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { accountId } from '../../../core/sandbox/waypoint.js';
import { waitFor } from '../../helpers/core.js';

let sandbox: SandboxServer;
let session: GbxSession;
/** Every script callback this session got, by name and data, in order. */
let seen: { name: string; data: Record<string, unknown> }[];
beforeEach(async () => {
  sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' });
  await sandbox.start();
  session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'pw' });
  await session.connect();
  seen = [];
  session.onCallback((method, params) => {
    if (method === 'ManiaPlanet.ModeScriptCallbackArray') seen.push({ name: String(params[0]), data: JSON.parse((params[1] as string[])[0]!) as Record<string, unknown> });
  });
});
afterEach(async () => {
  session.close();
  await sandbox.stop();
});

/** The mode starts with the next map, as SetScriptName does on a real server. */
async function play(script: string): Promise<void> {
  await session.call('SetScriptName', script);
  sandbox.nextMap();
  await waitFor(() => seen.some((callback) => callback.name === 'Maniaplanet.StartPlayLoop'), 'the next map to start');
  seen.length = 0;
}

/** Ends the round and waits for the next one to begin; what came in between. */
async function endRound(): Promise<{ name: string; data: Record<string, unknown> }[]> {
  sandbox.endRound();
  await waitFor(() => seen.some((callback) => callback.name === 'Maniaplanet.StartPlayLoop'), 'the next round to start');
  return seen.splice(0);
}

const players = (scores: Record<string, unknown>) =>
  (scores.players as Record<string, unknown>[]).map(({ login, rank, roundpoints, matchpoints }) => ({ login, rank, roundpoints, matchpoints }));

// The settings each mode declares, with EvoSC-sharp's defaults (src/EvoSC.Common/Util/MatchSettings/ModeScriptSettings.cs).
it("a mode chosen with SetScriptName starts with the next map, with that mode's settings", async () => {
  assert.equal((await session.call('GetModeScriptSettings') as Record<string, unknown>).S_TimeLimit, 300);
  await play('Trackmania/TM_Cup_Online.Script.txt');
  const cup = (await session.call('GetModeScriptSettings')) as Record<string, unknown>;
  assert.deepEqual([cup.S_PointsLimit, cup.S_NbOfWinners, cup.S_RoundsPerMap, cup.S_TimeLimit], [100, 6, 5, undefined]);
  assert.equal(((await session.call('GetModeScriptInfo')) as Record<string, unknown>).Name, 'Trackmania/TM_Cup_Online.Script.txt');
  // Settings set in a mode stay while it plays on.
  await session.call('SetModeScriptSettings', { S_PointsLimit: 20 });
  await play('Trackmania/TM_Cup_Online.Script.txt');
  assert.equal(((await session.call('GetModeScriptSettings')) as Record<string, unknown>).S_PointsLimit, 20);
});

// A Knockout round ends with the scores before the round's points, the eliminations, then the round's scores
// (timwie/steward: PreEndRoundScores, EndRoundKnockoutEliminations, EndRoundScores); Trackmania.Knockout.Elimination
// carries `accountids` (timwie/steward KnockoutEndRoundEvent).
it('a Knockout round ends with the players who did not finish and the slowest eliminated, by account id', async () => {
  for (const login of ['anna', 'ben', 'cleo', 'dan', 'eve', 'finn']) sandbox.playerJoin(login);
  await play('Trackmania/TM_Knockout_Online.Script.txt');
  // Six players, more than S_EliminatedPlayersNbRanks' 4: two out a round. finn does not finish.
  for (const [login, time] of [['anna', 20_000], ['ben', 20_500], ['cleo', 21_000], ['dan', 21_500], ['eve', 22_000]] as const) sandbox.playerRun(login, time);
  const ended = (await endRound()).filter((callback) => !callback.name.startsWith('Trackmania.Event.'));
  assert.deepEqual(
    ended.map((callback) => (callback.name === 'Trackmania.Scores' ? `Scores ${String(callback.data.section)}` : callback.name)),
    ['Maniaplanet.EndPlayLoop', 'Maniaplanet.EndRound_Start', 'Scores PreEndRound', 'Trackmania.Knockout.Elimination', 'Scores EndRound', 'Maniaplanet.EndRound_End', 'Maniaplanet.StartRound_Start', 'Maniaplanet.StartRound_End', 'Maniaplanet.StartPlayLoop'],
  );
  const idOf = (login: string) => accountId(sandbox.world.players.get(login)!.PlayerId);
  assert.deepEqual(ended[3]!.data, { accountids: [idOf('finn'), idOf('eve')] });
  assert.deepEqual(players(ended[4]!.data).map(({ login }) => login), ['anna', 'ben', 'cleo', 'dan', 'eve', 'finn']);
  // Four left: one out, and a player out does not come back with a finish.
  for (const [login, time] of [['finn', 10_000], ['dan', 19_000], ['cleo', 19_500], ['ben', 20_000], ['anna', 20_500]] as const) sandbox.playerRun(login, time);
  const next = await endRound();
  assert.deepEqual(next.find((callback) => callback.name === 'Trackmania.Knockout.Elimination')!.data, { accountids: [idOf('anna')] });
  const scores = next.filter((callback) => callback.name === 'Trackmania.Scores').at(-1)!.data;
  assert.deepEqual(players(scores).map(({ login }) => login), ['dan', 'cleo', 'ben', 'anna', 'eve', 'finn']);
});

// Rounds points by position (S_PointsRepartition, empty: 10,6,4,3,2,1); Teams' scores with useteams and each team.
it("Rounds and Teams score each round's finishes by position; Teams adds them up by team", async () => {
  for (const login of ['anna', 'ben', 'cleo']) sandbox.playerJoin(login);
  await play('Trackmania/TM_Rounds_Online.Script.txt');
  for (const [login, time] of [['cleo', 20_000], ['anna', 20_500]] as const) sandbox.playerRun(login, time);
  const rounds = (await endRound()).filter((callback) => callback.name === 'Trackmania.Scores').at(-1)!.data;
  assert.deepEqual(players(rounds), [
    { login: 'cleo', rank: 1, roundpoints: 10, matchpoints: 10 },
    { login: 'anna', rank: 2, roundpoints: 6, matchpoints: 6 },
    { login: 'ben', rank: 3, roundpoints: 0, matchpoints: 0 },
  ]);
  await play('Trackmania/TM_Teams_Online.Script.txt');
  assert.deepEqual([...sandbox.world.players.values()].map((player) => player.TeamId), [0, 1, 0]);
  for (const [login, time] of [['anna', 20_000], ['ben', 20_500], ['cleo', 21_000]] as const) sandbox.playerRun(login, time);
  const teams = (await endRound()).filter((callback) => callback.name === 'Trackmania.Scores').at(-1)!.data;
  assert.equal(teams.useteams, true);
  assert.deepEqual(teams.teams, [
    { id: 0, name: 'Blue', roundpoints: 14, mappoints: 1, matchpoints: 1 },
    { id: 1, name: 'Red', roundpoints: 6, mappoints: 0, matchpoints: 0 },
  ]);
});

// forcePlayerTeam($player, $team) takes team 0 or 1 (maniaplanet/dedicated-server-api Connection.php); outside a
// team mode the fault is 'Not in Team mode.', which its FaultException.php files as a GameModeException.
it('ForcePlayerTeam moves a player to the other team in Teams and is refused in a mode without teams', async () => {
  sandbox.playerJoin('anna');
  await assert.rejects(session.call('ForcePlayerTeam', 'anna', 1), { message: 'ForcePlayerTeam failed with fault -1000: Not in Team mode.' });
  await play('Trackmania/TM_Teams_Online.Script.txt');
  const changes: number[] = [];
  session.onCallback((method, params) => void (method === 'ManiaPlanet.PlayerInfoChanged' && changes.push((params[0] as { TeamId: number }).TeamId)));
  await session.call('EnableCallbacks', true);
  const team = sandbox.world.players.get('anna')!.TeamId;
  assert.equal(await session.call('ForcePlayerTeam', 'anna', 1 - team), true);
  assert.equal(((await session.call('GetPlayerInfo', 'anna', 1)) as { TeamId: number }).TeamId, 1 - team);
  await waitFor(() => changes.length === 1, 'PlayerInfoChanged with the new team');
  assert.deepEqual(changes, [1 - team]);
  await assert.rejects(session.call('ForcePlayerTeam', 'anna', 2), { message: 'ForcePlayerTeam failed with fault -1000: ForcePlayerTeam: expected a team of 0 or 1' });
  await assert.rejects(session.call('ForcePlayerTeam', 'nobody', 0), { message: 'ForcePlayerTeam failed with fault -1000: Login unknown.' });
});
