import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
import { setSandboxPlayerLanguage } from '../../../core/sandbox/methods/player-details.js';
import { SCRIPT_CALLBACKS } from '../../../core/sandbox/script-catalog.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { waitFor } from '../../helpers/core.js';

let sandbox: SandboxServer;
let session: GbxSession;
beforeEach(async () => {
  sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' });
  await sandbox.start();
  session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'pw' });
  await session.connect();
});
afterEach(async () => {
  session.close();
  await sandbox.stop();
});

/** The data of each script callback `name` this session gets. */
function scriptData(client: GbxSession, name: string): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  client.onCallback((method, params) => {
    if (method === 'ManiaPlanet.ModeScriptCallbackArray' && params[0] === name) seen.push(JSON.parse((params[1] as string[])[0]!) as Record<string, unknown>);
  });
  return seen;
}

// Script methods and their answers: maniaplanet/script-xmlrpc XmlRpcListing.md; Common.UIModules as MINIcontrol's
// core/uimanager.ts uses it on Trackmania 2020.
describe('sandbox script methods answer with their callback and responseid', () => {
  it('XmlRpc versions, callbacks and methods lists, warm-up and pause status', async () => {
    assert.deepEqual(await session.scriptCall('XmlRpc.GetApiVersion'), { responseid: 'pitwall-1', version: '3.2.0' });
    const all = (await session.scriptCall('XmlRpc.GetAllApiVersions')) as { latest: string; versions: string[] };
    assert.equal(all.latest, '3.2.0');
    assert.ok(all.versions.includes('2.0.0'));
    const list = (await session.scriptCall('XmlRpc.GetCallbacksList')) as { callbacks: string[] };
    assert.ok(list.callbacks.includes('Trackmania.Event.WayPoint') && list.callbacks.includes('Maniaplanet.StartMap_Start'));
    const methods = (await session.scriptCall('XmlRpc.GetMethodsList')) as { methods: string[] };
    assert.ok(methods.methods.includes('Trackmania.Event.SetCurRaceCheckpointsMode'));
    assert.deepEqual(await session.scriptCall('Maniaplanet.WarmUp.GetStatus'), { responseid: 'pitwall-5', available: false, active: false });
    assert.deepEqual(await session.scriptCall('Maniaplanet.Pause.GetStatus'), { responseid: 'pitwall-6', available: false, active: false });
  });

  it('XmlRpc.BlockCallbacks stops the named callbacks until UnblockCallbacks; the enabled and disabled lists follow', async () => {
    const waypoints = scriptData(session, 'Trackmania.Event.WayPoint');
    const starts = scriptData(session, 'Maniaplanet.StartMap_Start');
    await session.call('TriggerModeScriptEventArray', 'XmlRpc.BlockCallbacks', ['Trackmania.Event.WayPoint']);
    const disabled = (await session.scriptCall('XmlRpc.GetCallbacksList_Disabled')) as { callbacks: string[] };
    assert.deepEqual(disabled.callbacks, ['Trackmania.Event.WayPoint']);
    const enabled = (await session.scriptCall('XmlRpc.GetCallbacksList_Enabled')) as { callbacks: string[] };
    assert.equal(enabled.callbacks.length, SCRIPT_CALLBACKS.length - 1);
    sandbox.playerJoin('anna');
    sandbox.playerFinish('anna', 30_000);
    sandbox.nextMap();
    await waitFor(() => starts.length === 1, 'the next map');
    assert.equal(waypoints.length, 0);
    await session.call('TriggerModeScriptEventArray', 'XmlRpc.UnblockCallbacks', ['Trackmania.Event.WayPoint']);
    sandbox.playerFinish('anna', 31_000);
    await waitFor(() => waypoints.length === 1, 'the WayPoint after unblocking');
  });

  it('Common.UIModules keeps what SetProperties set until ResetProperties', async () => {
    const modules = async () => ((await session.scriptCall('Common.UIModules.GetProperties')) as { uimodules: { id: string; visible: boolean }[] }).uimodules;
    assert.equal((await modules()).find((module) => module.id === 'Race_Chrono')?.visible, true);
    await session.call('TriggerModeScriptEventArray', 'Common.UIModules.SetProperties', [JSON.stringify({ uimodules: [{ id: 'Race_Chrono', visible: false, visible_update: true }] })]);
    assert.equal((await modules()).find((module) => module.id === 'Race_Chrono')?.visible, false);
    await session.call('TriggerModeScriptEventArray', 'Common.UIModules.ResetProperties', [JSON.stringify({ uimodules: ['Race_Chrono'] })]);
    assert.equal((await modules()).find((module) => module.id === 'Race_Chrono')?.visible, true);
  });
});

// Flags and SpectatorStatus digits: GetPlayerList's help text, decoded by maniaplanet/dedicated-server-api
// Structures/PlayerInfo.php (hasJoinedGame 10^8, hasPlayerSlot 10^6, isServer 10^5; spectator, temporary 10, pure 100).
describe('sandbox player flags', () => {
  it('a racing player has joined and holds a slot, the server its IsServer digit, spectators their own digits', async () => {
    sandbox.playerJoin('racer');
    sandbox.playerJoin('watcher', 'Watcher', true);
    const list = (await session.call('GetPlayerList', -1, 0, 2)) as { Login: string; Flags: number; SpectatorStatus: number }[];
    const byLogin = Object.fromEntries(list.map((entry) => [entry.Login, [entry.Flags, entry.SpectatorStatus]]));
    assert.deepEqual(byLogin['pitwall-sandbox'], [100_000, 0]);
    assert.deepEqual(byLogin.racer, [101_000_000, 0]);
    // A pure spectator: joined, no player slot; spectator + pure + auto target, watching nobody (255).
    assert.deepEqual(byLogin.watcher, [100_000_000, 2_551_101]);
    assert.equal(await session.call('ForceSpectator', 'racer', 1), true);
    const forced = (await session.call('GetPlayerInfo', 'racer', 1)) as { Flags: number; SpectatorStatus: number };
    assert.deepEqual([forced.Flags, forced.SpectatorStatus], [101_000_001, 2_551_001]);
  });
});

// Script callbacks' `time` is the server's own clock (XmlRpcListing.md: "Server time when the event occured"),
// not Unix time; the checkpoint arrays follow the modes PyPlanet and timwie/steward set.
describe('sandbox WayPoint time and checkpoint modes', () => {
  it('carries server time, and fills the arrays only as the checkpoint modes ask', async () => {
    // Pitwall's session asked for the race arrays at connect; without asking they are empty.
    await session.call('TriggerModeScriptEventArray', 'Trackmania.Event.UnsetCurRaceCheckpointsMode', []);
    const waypoints = scriptData(session, 'Trackmania.Event.WayPoint');
    sandbox.playerJoin('dora');
    sandbox.playerRun('dora', 25_000);
    await waitFor(() => waypoints.length === 5, 'five waypoints');
    assert.ok(waypoints.every((point) => Number(point.time) >= 0 && Number(point.time) < 2 ** 32 && Number(point.time) < Date.now() - 1e12));
    assert.ok(waypoints.every((point) => (point.curracecheckpoints as number[]).length === 0 && (point.curlapcheckpoints as number[]).length === 0));
    await session.call('TriggerModeScriptEventArray', 'Trackmania.Event.SetCurRaceCheckpointsMode', ['endrace']);
    sandbox.playerRun('dora', 24_000);
    await waitFor(() => waypoints.length === 10, 'five more');
    assert.deepEqual(waypoints.slice(5).map((point) => (point.curracecheckpoints as number[]).length), [0, 0, 0, 0, 5]);
    await assert.rejects(session.call('TriggerModeScriptEventArray', 'Trackmania.Event.SetCurLapCheckpointsMode', ['sometimes']), {
      message: 'TriggerModeScriptEventArray failed with fault -1000: Trackmania.Event.SetCurLapCheckpointsMode: expected one of never, always, endlap, endrace',
    });
  });
});

// Trackmania.Scores: XmlRpcListing.md (section "" | "EndRound" | "EndMap" | "EndMatch", useteams, winnerteam,
// winnerplayer, teams, players with rank and best times); accountid as Trackmania 2020 adds it.
describe('sandbox scores', () => {
  it('keeps best times from finishes, sends them at the map end and on request', async () => {
    const scores = scriptData(session, 'Trackmania.Scores');
    sandbox.playerJoin('anna', 'Anna');
    sandbox.playerJoin('ben', 'Ben');
    sandbox.playerFinish('ben', 31_000);
    sandbox.playerFinish('anna', 30_000);
    sandbox.playerFinish('anna', 32_000);
    const asked = (await session.scriptCall('Trackmania.GetScores')) as { section: string; players: { login: string; rank: number; bestracetime: number; accountid: string }[] };
    assert.equal(asked.section, '');
    assert.deepEqual(asked.players.map(({ login, rank, bestracetime }) => [login, rank, bestracetime]), [['anna', 1, 30_000], ['ben', 2, 31_000]]);
    assert.match(asked.players[0]!.accountid, /^[0-9a-f-]{36}$/);
    scores.length = 0;
    sandbox.nextMap();
    await waitFor(() => scores.length === 3, 'the scores of the round, map and match ends');
    assert.deepEqual(scores.map((data) => data.section), ['EndRound', 'EndMap', 'EndMatch']);
    assert.deepEqual([scores[2]!.useteams, scores[2]!.winnerteam, scores[2]!.winnerplayer, scores[2]!.teams], [false, -1, 'anna', []]);
    const fresh = (await session.scriptCall('Trackmania.GetScores')) as { players: { bestracetime: number }[] };
    assert.deepEqual(fresh.players.map((player) => player.bestracetime), [-1, -1]);
    const ranking = (await session.call('GetCurrentRanking', -1, 0)) as unknown[];
    assert.equal(ranking.length, 2);
  });
});

// EnableCallbacks is the connection's own (Connection.php enableCallbacks on one connection); XmlRpc.EnableCallbacks
// is the mode script's switch; script callbacks are server callbacks like the others.
describe('sandbox callback gating', () => {
  it('a connection that turns callbacks off gets none, script callbacks included, while another still does', async () => {
    const quiet = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'pw' });
    await quiet.connect();
    const heard: string[] = [];
    quiet.onCallback((method) => void heard.push(method));
    await quiet.call('EnableCallbacks', false);
    const loud = scriptData(session, 'Maniaplanet.StartPlayLoop');
    sandbox.playerJoin('anna');
    sandbox.nextMap();
    await waitFor(() => loud.length === 1, 'the other connection to hear the map change');
    await quiet.call('GetStatus');
    assert.deepEqual(heard, []);
    quiet.close();
  });
});

// What real answers hold and no more: GetMapList's and GetNextMapInfo's help texts; Structures/ScriptInfo.php.
describe('sandbox answers as generous as the real ones', () => {
  it('GetMapList lists the list fields and faults past the end; the next map has NbLaps and NbCheckpoints -1', async () => {
    const [first] = (await session.call('GetMapList', 1, 0)) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(first!).sort(), ['Author', 'AuthorNickname', 'CopperPrice', 'Environnement', 'FileName', 'GoldTime', 'MapStyle', 'MapType', 'Name', 'UId']);
    await assert.rejects(session.call('GetMapList', 10, 4), { message: 'GetMapList failed with fault -1000: Start index out of bound.' });
    const next = (await session.call('GetNextMapInfo')) as { NbLaps: number; NbCheckpoints: number };
    assert.deepEqual([next.NbLaps, next.NbCheckpoints], [-1, -1]);
    const info = (await session.call('GetModeScriptInfo')) as { ParamDescs: { Name: string; Type: string; Default: string }[]; CommandDescs: unknown[] };
    assert.deepEqual(info.ParamDescs.find((param) => param.Name === 'S_TimeLimit'), { Name: 'S_TimeLimit', Desc: '', Type: 'integer', Default: '300' });
    assert.deepEqual(info.CommandDescs, []);
  });
});

// ChatEnableManualRouting / ChatForwardToLogin: their help texts in the published list; the faults are the texts
// maniaplanet/dedicated-server-api Xmlrpc/FaultException.php knows ('Chat routing not enabled.', 'You must enable
// the callbacks to be able to do chat routing.'). MINIcontrol's chat plugin routes chat this way.
describe('sandbox chat routing and notices', () => {
  it('under manual routing a line reaches players only when a controller forwards it', async () => {
    sandbox.playerJoin('anna', 'Anna');
    sandbox.playerJoin('ben', 'Ben');
    await assert.rejects(session.call('ChatForwardToLogin', 'hi', 'anna', ''), { message: 'ChatForwardToLogin failed with fault -1000: Chat routing not enabled.' });
    sandbox.playerChat('anna', 'routed by the server');
    assert.equal(await session.call('ChatEnableManualRouting', true, false), true);
    sandbox.playerChat('anna', 'held back');
    assert.equal(await session.call('ChatForwardToLogin', '[Anna] forwarded', 'anna', 'ben'), true);
    assert.deepEqual(sandbox.playerLines, [
      { text: 'routed by the server', from: 'anna' },
      { text: '[Anna] forwarded', from: 'anna', to: ['ben'] },
    ]);
    const quiet = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'pw' });
    await quiet.connect();
    await quiet.call('EnableCallbacks', false);
    await assert.rejects(quiet.call('ChatEnableManualRouting', true, false), {
      message: 'ChatEnableManualRouting failed with fault -1000: You must enable the callbacks to be able to do chat routing.',
    });
    quiet.close();
  });

  it('SendNotice and SendNoticeToLogin are kept with their avatar and variant; ChatSend goes with the server login', async () => {
    sandbox.playerJoin('anna');
    assert.equal(await session.call('SendNotice', 'hello all', '', 2), true);
    assert.equal(await session.call('SendNoticeToLogin', 'anna', 'hello anna', 'anna', 0), true);
    assert.deepEqual(sandbox.notices, [
      { text: 'hello all', avatarLogin: '', variant: 2 },
      { text: 'hello anna', avatarLogin: 'anna', variant: 0, to: ['anna'] },
    ]);
    assert.equal(await session.call('ChatSend', 'with login'), true);
    assert.deepEqual(sandbox.chatLog.at(-1), { text: 'with login', withServerLogin: true });
  });

  // maniaplanet/dedicated-server-api's chatSendServerMessage() sends an array of {Lang, Text} with
  // ChatSendServerMessageToLanguage: "if no matching language is found, the last text in the array is used".
  it('ChatSendServerMessageToLanguage and ChatSendToLanguage give each player the text in its language, else the last', async () => {
    sandbox.playerJoin('anna');
    sandbox.playerJoin('bruno');
    setSandboxPlayerLanguage(sandbox.world, 'bruno', 'fr');
    const texts = [{ Lang: 'fr', Text: 'bonjour' }, { Lang: 'de', Text: 'hallo' }];
    assert.equal(await session.call('ChatSendServerMessageToLanguage', texts, ''), true);
    assert.deepEqual(sandbox.chatLog.slice(-2), [
      { text: 'hallo', to: ['anna'] },
      { text: 'bonjour', to: ['bruno'] },
    ]);
    assert.equal(await session.call('ChatSendToLanguage', [{ Lang: 'en', Text: 'hello' }, ...texts], 'anna'), true);
    assert.deepEqual(sandbox.chatLog.at(-1), { text: 'hello', to: ['anna'], withServerLogin: true });
    sandbox.playerLeave('bruno');
    assert.equal(await session.call('ChatSendServerMessageToLanguage', texts, ''), true);
    assert.deepEqual(sandbox.chatLog.at(-1), { text: 'hallo' });
    await assert.rejects(session.call('ChatSendServerMessageToLanguage', texts, 'nobody'), { message: 'ChatSendServerMessageToLanguage failed with fault -1000: Login unknown.' });
    await assert.rejects(session.call('ChatSendServerMessageToLanguage', [], ''), {
      message: 'ChatSendServerMessageToLanguage failed with fault -1000: ChatSendServerMessageToLanguage: expected an array of {Lang, Text} structs',
    });
  });

  // sendOpenLink($recipient, $link, $linkType) sends SendOpenLinkToLogin with a link type of 0 or 1 (maniaplanet/dedicated-server-api).
  it('SendOpenLinkToLogin opens a link for connected logins, in the browser (0) or the game (1)', async () => {
    sandbox.playerJoin('anna');
    assert.equal(await session.call('SendOpenLinkToLogin', 'anna', 'https://trackmania.exchange/', 0), true);
    assert.deepEqual(sandbox.openedLinks, [{ url: 'https://trackmania.exchange/', kind: 0, to: ['anna'] }]);
    await assert.rejects(session.call('SendOpenLinkToLogin', 'nobody', 'https://x.org/', 0), { message: 'SendOpenLinkToLogin failed with fault -1000: Login unknown.' });
    await assert.rejects(session.call('SendOpenLinkToLogin', 'anna', 'https://x.org/', 5), { message: 'SendOpenLinkToLogin failed with fault -1000: SendOpenLinkToLogin: expected a link type of 0 or 1' });
  });

  it("SetModeScriptSettings refuses a setting the mode does not have with the real text", async () => {
    assert.equal(await session.call('SetModeScriptSettings', { S_TimeLimit: 600 }), true);
    assert.equal(((await session.call('GetModeScriptSettings')) as Record<string, unknown>).S_TimeLimit, 600);
    await assert.rejects(session.call('SetModeScriptSettings', { S_NoSuchThing: 1 }), { message: "SetModeScriptSettings failed with fault -1000: Unknown setting 'S_NoSuchThing'." });
  });
});
