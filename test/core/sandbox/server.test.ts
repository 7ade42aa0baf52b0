import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
import { SandboxActivity } from '../../../core/sandbox/activity.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { stripFormatting } from '../../../core/server/formatting.js';

let sandbox: SandboxServer;
let session: GbxSession;
before(async () => {
  sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' });
  await sandbox.start();
  session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'pw' });
  await session.connect();
});
after(async () => {
  session.close();
  await sandbox.stop();
});

describe('sandbox server, for tests that drive it', () => {
  it('tells onChat listeners every chat line sent, until their subscription is disposed or called', async () => {
    const disposedSeen: string[] = [];
    const calledSeen: string[] = [];
    const disposable = sandbox.onChat((chat) => void disposedSeen.push(chat.text));
    const callable = sandbox.onChat((chat) => void calledSeen.push(chat.text));
    await session.call('ChatSendServerMessage', 'first line');
    void disposable.dispose();
    callable();
    await session.call('ChatSendServerMessage', 'second line');
    assert.deepEqual(disposedSeen, ['first line']);
    assert.deepEqual(calledSeen, ['first line']);
    assert.equal(sandbox.chatLog.at(-1)?.text, 'second line');
  });
});

describe('sandbox server, as a real dedicated server answers', () => {
  it('spells the map struct fields UId and Environnement', async () => {
    const map = (await session.call('GetCurrentMapInfo')) as Record<string, unknown>;
    assert.equal(map.UId, sandbox.world.currentMap.UId);
    assert.equal(map.Environnement, 'Stadium');
    assert.equal('Uid' in map, false);
    assert.equal('Environment' in map, false);
    const list = (await session.call('GetMapList', 1, 1)) as Record<string, unknown>[];
    assert.deepEqual(list.map((entry) => entry.UId), [sandbox.world.maps[1]!.UId]);
  });

  it('answers GetPlayerList honouring max, start and the struct version', async () => {
    sandbox.playerJoin('anna', 'Anna');
    sandbox.playerJoin('ben', 'Ben', true);
    const logins = (list: unknown) => (list as { Login: string }[]).map((entry) => entry.Login);
    assert.deepEqual(logins(await session.call('GetPlayerList', -1, 0)), ['pitwall-sandbox', 'anna', 'ben']);
    assert.deepEqual(logins(await session.call('GetPlayerList', -1, 0, 2)), ['pitwall-sandbox', 'anna', 'ben']);
    // A struct version of -1 is the same as none on a Trackmania 2020 server (EvoEsports/GbxRemote.Net issue 17,
    // where GbxRemote.Net's GetPlayerListAsync sent -1 by default).
    assert.deepEqual(logins(await session.call('GetPlayerList', -1, 0, -1)), ['pitwall-sandbox', 'anna', 'ben']);
    assert.deepEqual(logins(await session.call('GetPlayerList', -1, 0, 1)), ['anna', 'ben']);
    assert.deepEqual(logins(await session.call('GetPlayerList', 1, 1, 1)), ['ben']);
    const forever = (await session.call('GetPlayerList', 1, 1, 1)) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(forever[0]!).sort(), ['Flags', 'IsInOfficialMode', 'LadderRanking', 'Login', 'NickName', 'PlayerId', 'SpectatorStatus', 'TeamId']);
    const united = (await session.call('GetPlayerList', -1, 0, 0)) as Record<string, unknown>[];
    assert.deepEqual(united.map((entry) => [entry.Login, entry.IsSpectator, 'SpectatorStatus' in entry]), [['anna', false, false], ['ben', true, false]]);
    await assert.rejects(session.call('GetPlayerList', -1, 5, 1), { message: 'GetPlayerList failed with fault -1000: Start index out of bound.' });
    sandbox.playerLeave('anna');
    sandbox.playerLeave('ben');
  });

  it('sends PlayerChat with five parameters from API 2023-03-24 on (four before), the server echoing itself as uid 0', async () => {
    const old = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'pw', apiVersion: '2013-04-16' });
    await old.connect();
    const chats = (client: GbxSession) => {
      const seen: unknown[][] = [];
      client.onCallback((method, params) => void (method === 'ManiaPlanet.PlayerChat' && seen.push(params)));
      return seen;
    };
    const current = chats(session);
    const legacy = chats(old);
    const player = sandbox.playerJoin('carl', '$wCarl');
    sandbox.playerChat('carl', 'hi team', 'team');
    await session.call('ChatSendServerMessage', 'server says');
    await waitUntil(() => current.length === 2 && legacy.length === 2);
    assert.deepEqual(current, [
      [player.PlayerId, 'carl', 'hi team', false, 3],
      [0, 'pitwall-sandbox', 'server says', false, 0],
    ]);
    assert.deepEqual(legacy, [
      [player.PlayerId, 'carl', 'hi team', false],
      [0, 'pitwall-sandbox', 'server says', false],
    ]);
    old.close();
    sandbox.playerLeave('carl');
  });
});

describe('sandbox waypoints', () => {
  // Field names: maniaplanet/script-xmlrpc XmlRpcListing.md (Trackmania.Event.WayPoint), with the Trackmania 2020
  // additions accountid, isinfinitelaps and isindependentlaps (EvoEsports/GbxRemote.Net, timwie/steward gbx/src/api).
  // The arrays are filled because the client asks with SetCurRaceCheckpointsMode/SetCurLapCheckpointsMode 'always'
  // (PyPlanet pyplanet/apps/core/trackmania/__init__.py).
  it('sends a WayPoint for each checkpoint and the finish, with the field names real servers use', async () => {
    await session.call('TriggerModeScriptEventArray', 'Trackmania.Event.SetCurRaceCheckpointsMode', ['always']);
    await session.call('TriggerModeScriptEventArray', 'Trackmania.Event.SetCurLapCheckpointsMode', ['always']);
    const waypoints: Record<string, unknown>[] = [];
    const stop = session.onCallback((method, params) => {
      if (method === 'ManiaPlanet.ModeScriptCallbackArray' && params[0] === 'Trackmania.Event.WayPoint') waypoints.push(JSON.parse((params[1] as string[])[0]!) as Record<string, unknown>);
    });
    sandbox.playerJoin('dora');
    sandbox.playerRun('dora', 25_000);
    const crossings = sandbox.world.currentMap.NbCheckpoints + 1;
    await waitUntil(() => waypoints.length === crossings);
    stop();
    sandbox.playerLeave('dora');
    assert.deepEqual(Object.keys(waypoints[0]!).sort(), [
      'accountid', 'blockid', 'checkpointinlap', 'checkpointinrace', 'curlapcheckpoints', 'curracecheckpoints', 'distance',
      'isendlap', 'isendrace', 'isindependentlaps', 'isinfinitelaps', 'laptime', 'login', 'racetime', 'speed', 'stuntsscore', 'time',
    ]);
    assert.deepEqual(waypoints.map((point) => [point.checkpointinrace, point.isendrace]), [[0, false], [1, false], [2, false], [3, false], [4, true]]);
    assert.deepEqual(waypoints.at(-1)?.curracecheckpoints, [5_000, 10_000, 15_000, 20_000, 25_000]);
    assert.equal(waypoints.at(-1)?.racetime, 25_000);
    await session.call('TriggerModeScriptEventArray', 'Trackmania.Event.UnsetCurRaceCheckpointsMode', []);
    await session.call('TriggerModeScriptEventArray', 'Trackmania.Event.UnsetCurLapCheckpointsMode', []);
  });
});

describe('sandbox map changes', () => {
  it('refuses a map change while the previous one is under way with "Change in progress."', async () => {
    let changes = 0;
    // The change is over when play begins on the next map.
    const stop = session.onCallback((method, params) => void (params[0] === 'Maniaplanet.StartPlayLoop' && changes++));
    const [first, second] = await session.multicall([['NextMap'], ['NextMap']]);
    assert.equal(first?.ok, true);
    assert.equal(second?.ok ? 'answered' : second?.fault.message, 'NextMap failed with fault -1000: Change in progress.');
    await waitUntil(() => changes === 1);
    assert.deepEqual(await session.call('NextMap'), true);
    await waitUntil(() => changes === 2);
    stop();
  });

  // The order of the mode's sections: the ModeBase loop behind maniaplanet/script-xmlrpc's Maniaplanet.* callbacks
  // (StartMatch, LoadingMap, StartMap, StartRound, PlayLoop ... EndRound, EndMap, UnloadingMap, EndMatch), with
  // Trackmania.Scores at the round, map and match ends (XmlRpcListing.md, Trackmania.Scores 'section').
  it('sends the sections of a map change in the real order, the legacy callbacks and the scores inside them', async () => {
    const names: string[] = [];
    const stop = session.onCallback((method, params) => {
      if (method !== 'ManiaPlanet.ModeScriptCallbackArray') return void names.push(method);
      const name = String(params[0]);
      names.push(name === 'Trackmania.Scores' ? `Scores ${(JSON.parse((params[1] as string[])[0]!) as { section: string }).section}` : name);
    });
    const ending = sandbox.world.currentMap.UId;
    sandbox.nextMap();
    await waitUntil(() => names.includes('Maniaplanet.StartPlayLoop'));
    stop();
    assert.deepEqual(names, [
      'Maniaplanet.EndPlayLoop',
      'Maniaplanet.EndRound_Start',
      'Scores EndRound',
      'Maniaplanet.EndRound_End',
      'Maniaplanet.EndMap_Start',
      'Scores EndMap',
      'Maniaplanet.EndMap_End',
      'Maniaplanet.UnloadingMap_Start',
      'ManiaPlanet.EndMap',
      'Maniaplanet.UnloadingMap_End',
      'Maniaplanet.EndMatch_Start',
      'Scores EndMatch',
      'ManiaPlanet.EndMatch',
      'Maniaplanet.EndMatch_End',
      'Maniaplanet.StartMatch_Start',
      'ManiaPlanet.BeginMatch',
      'Maniaplanet.StartMatch_End',
      'Maniaplanet.LoadingMap_Start',
      'ManiaPlanet.BeginMap',
      'Maniaplanet.LoadingMap_End',
      'Maniaplanet.StartMap_Start',
      'Maniaplanet.StartMap_End',
      'Maniaplanet.StartRound_Start',
      'Maniaplanet.StartRound_End',
      'Maniaplanet.StartPlayLoop',
    ]);
    assert.notEqual(sandbox.world.currentMap.UId, ending);
  });
});

describe('sandbox activity', () => {
  it('rotates maps with a timed change, as NextMap does, during which NextMap is refused', async () => {
    const starts: string[] = [];
    const stop = session.onCallback((method, params) => void (params[0] === 'Maniaplanet.StartPlayLoop' && starts.push(String(params[0]))));
    const activity = new SandboxActivity(sandbox, { intervalMs: 1000, maxPlayers: 0, random: () => 0.99 });
    const before = sandbox.world.currentMap.UId;
    for (let step = 0; step < 12; step++) activity.step();
    assert.equal(sandbox.isChangingMap, true);
    await assert.rejects(session.call('NextMap'), { message: 'NextMap failed with fault -1000: Change in progress.' });
    await waitUntil(() => starts.length === 1);
    stop();
    assert.notEqual(sandbox.world.currentMap.UId, before);
    assert.equal(sandbox.isChangingMap, false);
  });

  it('ends a round every few moments in the modes played in rounds', async () => {
    const ends: string[] = [];
    const stop = session.onCallback((method, params) => void (params[0] === 'Maniaplanet.EndRound_End' && ends.push(String(params[0]))));
    await session.call('SetScriptName', 'Trackmania/TM_Rounds_Online.Script.txt');
    sandbox.nextMap();
    await waitUntil(() => ends.length === 1);
    const activity = new SandboxActivity(sandbox, { intervalMs: 1000, maxPlayers: 0, random: () => 0.99 });
    for (let step = 0; step < 4; step++) activity.step();
    await waitUntil(() => ends.length === 2);
    stop();
  });

  it('gives simulated players nicknames with formatting codes', () => {
    const quiet = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' });
    const activity = new SandboxActivity(quiet, { intervalMs: 1000, maxPlayers: 8, random: () => 0.05 });
    for (let step = 0; step < 5; step++) activity.step();
    const nicknames = [...quiet.world.players.values()].map((player) => player.NickName);
    assert.equal(nicknames.length, 5);
    assert.ok(nicknames.every((nickname) => nickname.includes('$')), nicknames.join(' '));
    assert.ok(nicknames.some((nickname) => nickname.includes('$l[')));
    assert.deepEqual(nicknames.map(stripFormatting), ['speedy', 'drifter$', 'nadeo-fan', 'checkpoint', 'icequeen']);
  });
});

async function waitUntil(predicate: () => boolean): Promise<void> {
  for (let tries = 0; !predicate(); tries++) {
    if (tries > 1000) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
