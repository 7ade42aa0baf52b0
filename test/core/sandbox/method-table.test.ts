import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { double } from '../../../core/gbx/codec.js';
import { GbxSession } from '../../../core/gbx/session.js';
import { METHOD_DOCS } from '../../../core/sandbox/method-docs.js';
import { NOT_IN_SANDBOX } from '../../../core/sandbox/method-table.js';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { waitFor } from '../../helpers/core.js';
import { PhpStyleClient } from '../../helpers/php-style-client.js';

let sandbox: SandboxServer;
let session: GbxSession;
before(async () => {
  sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw', passwords: { Admin: 'admin-pw', User: 'user-pw' } });
  await sandbox.start();
  session = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user: 'SuperAdmin', password: 'pw' });
  await session.connect();
});
after(async () => {
  session.close();
  await sandbox.stop();
});

const as = async (user: string, password: string): Promise<GbxSession> => {
  const client = new GbxSession({ host: '127.0.0.1', port: sandbox.port, user, password });
  await client.connect();
  return client;
};

// The published list (system.listMethods with system.methodHelp, printed by maniaplanet/dedicated-server-api's
// documentation generator): signatures as system.methodSignature gives them, levels from "Only available to ...".
describe('sandbox method table', () => {
  it('lists every published method, and gives each its signature and help from the table', async () => {
    const listed = (await session.call('system.listMethods')) as string[];
    for (const doc of METHOD_DOCS) assert.ok(listed.includes(doc.name), doc.name);
    assert.deepEqual(await session.call('system.methodSignature', 'ChatForwardToLogin'), [['boolean', 'string', 'string', 'string']]);
    assert.deepEqual(await session.call('system.methodSignature', 'GetMapList'), [['array', 'int', 'int']]);
    assert.match(String(await session.call('system.methodHelp', 'Echo')), /ManiaPlanet\.Echo/);
    await assert.rejects(session.call('system.methodHelp', 'NoSuchMethod'), { message: "system.methodHelp failed with fault -506: Method 'NoSuchMethod' not defined" });
    await assert.rejects(session.call('NoSuchMethod'), { message: "NoSuchMethod failed with fault -506: Method 'NoSuchMethod' not defined" });
  });

  it('answers the methods controllers call at startup without a "not defined" fault', async () => {
    sandbox.playerJoin('anna', 'Anna');
    const startup: [string, ...unknown[]][] = [
      ['GetMainServerPlayerInfo', 1], ['GetServerOptions'], ['GetGameMode'], ['GetModeScriptSettings'], ['GetDetailedPlayerInfo', 'anna'],
      ['GetMapInfo', sandbox.world.maps[1]!.FileName], ['GetMapsDirectory'], ['GameDataDirectory'], ['GetSkinsDirectory'],
      ['Echo', 'public', 'internal'], ['GetServerPasswordForSpectator'], ['GetMaxSpectators'], ['GetHideServer'], ['GetLadderServerLimits'],
      ['ChatEnableManualRouting', false, false], ['ChatSend', 'hello'], ['SendNotice', 'notice', '', 0], ['GetCurrentRanking', -1, 0],
      ['GetGameInfos'], ['TriggerModeScriptEvent', 'XmlRpc.GetApiVersion', 'id'],
    ];
    const results = await session.multicall(startup.map(([method, ...params]) => [method, params as never]));
    assert.deepEqual(results.filter((result) => !result.ok).map((result) => !result.ok && result.fault.message), []);
    const [main, options] = results.map((result) => (result.ok ? (result.value as Record<string, unknown>) : {}));
    assert.equal(main?.Login, 'pitwall-sandbox');
    assert.equal(options?.Name, 'Pitwall Sandbox');
    assert.equal(results[2]?.ok && results[2].value, 0);
    const detailed = results[4]?.ok ? (results[4].value as Record<string, unknown>) : {};
    assert.deepEqual([detailed.Login, detailed.NickName, detailed.IsSpectator, detailed.Path], ['anna', 'Anna', false, 'World|Europe|France']);
    assert.equal(results[6]?.ok && results[6].value, '/home/trackmania/server/UserData/Maps/');
    sandbox.playerLeave('anna');
  });

  // Echo(public, internal) reaches every controller as ManiaPlanet.Echo(internal, public): MINIcontrol sends
  // Echo(startTime, 'MiniControl') and waits for data[0] === 'MiniControl' (EvoEsports/minicontrol core/server.ts).
  it('sends Echo to every controller as ManiaPlanet.Echo with the internal text first', async () => {
    const other = await as('SuperAdmin', 'pw');
    const echoes: unknown[][] = [];
    other.onCallback((method, params) => void (method === 'ManiaPlanet.Echo' && echoes.push(params)));
    await session.call('Echo', '1700000000', 'MiniControl');
    await waitFor(() => echoes.length === 1, 'the Echo callback');
    assert.deepEqual(echoes, [['MiniControl', '1700000000']]);
    other.close();
  });

  it('says which published methods it stores a value for and which it refuses', async () => {
    const entry = (name: string) => sandbox.table.get(name);
    assert.equal(entry('GetDetailedPlayerInfo')?.answer, 'answered');
    assert.equal(entry('SetBuddyNotification')?.answer, 'stored');
    assert.equal(await session.call('SetVehicleNetQuality', 1), true);
    assert.deepEqual(await session.call('GetVehicleNetQuality'), { CurrentValue: 1, NextValue: 1 });
    assert.equal(entry('Pay')?.answer, 'refused');
    await assert.rejects(session.call('Pay', 'anna', 10, 'label'), { message: `Pay failed with fault -1000: ${NOT_IN_SANDBOX}` });
  });

  // A stored getter answers in the method list's types before and after its setter, as the PHP library reads
  // them: getLadderMode() a "current and next" pair of ints, getLobbyInfo() a Structures/LobbyInfo built from
  // setLobbyInfo($isLobby, $currentPlayers, $maxPlayers, $averageLevel), getForcedMods() reads $result['Mods'].
  it('answers stored getters in the published types: pairs of the setter\'s type, structs with their members', async () => {
    assert.deepEqual(await session.call('GetLadderMode'), { CurrentValue: 0, NextValue: 0 });
    assert.deepEqual(await session.call('GetLobbyInfo'), { IsLobby: false, LobbyPlayers: 0, LobbyMaxPlayers: 0, LobbyPlayersLevel: 0 });
    assert.equal(await session.call('SetLobbyInfo', true, 3, 16, double(1)), true);
    assert.deepEqual(await session.call('GetLobbyInfo'), { IsLobby: true, LobbyPlayers: 3, LobbyMaxPlayers: 16, LobbyPlayersLevel: 1 });
    assert.deepEqual(await session.call('GetForcedMods'), { Override: false, Mods: [] });
    assert.equal(await session.call('GetBuddyNotification', ''), false);
    assert.equal(await session.call('SetBuddyNotification', '', true), true);
    assert.equal(await session.call('GetBuddyNotification', ''), true);
    const client = await PhpStyleClient.connect(sandbox.port);
    await client.query('Authenticate', ['SuperAdmin', 'pw']);
    await client.query('GetLobbyInfo');
    assert.match(client.received.at(-1)!, /<member><name>LobbyPlayersLevel<\/name><value><double>1<\/double><\/value><\/member>/);
    client.close();
  });
});

// dedicated_cfg.xml's <authorization_levels> (SuperAdmin, Admin, User), each with its own password; the method
// levels come from the published help texts ("Only available to Admin." / "Only available to SuperAdmin.").
describe('sandbox authorization levels', () => {
  it('lets Admin call Admin methods but not SuperAdmin ones, with the real fault', async () => {
    const admin = await as('Admin', 'admin-pw');
    assert.equal(await admin.call('ChatSendServerMessage', 'from an admin'), true);
    await assert.rejects(admin.call('BlackList', 'someone'), { message: 'BlackList failed with fault -1000: Permission denied.' });
    await assert.rejects(admin.call('StopServer'), { message: 'StopServer failed with fault -1000: Permission denied.' });
    admin.close();
  });

  it('lets User read but not act', async () => {
    const user = await as('User', 'user-pw');
    assert.equal(typeof (await user.call('GetServerName')), 'string');
    await assert.rejects(user.call('ChatSendServerMessage', 'hi'), { message: 'ChatSendServerMessage failed with fault -1000: Permission denied.' });
    // A User learns whether there is a password, not the password.
    await session.call('SetServerPassword', 'letmein');
    assert.equal(await user.call('GetServerPassword'), true);
    assert.equal(await session.call('GetServerPassword'), 'letmein');
    await session.call('SetServerPassword', '');
    user.close();
  });

  it('answers a wrong password with "Password incorrect." and an unknown login with "Permission denied."', async () => {
    await assert.rejects(as('Admin', 'wrong'), { message: /refused user 'Admin': Password incorrect\./ });
    await assert.rejects(as('Nobody', 'x'), { message: /refused user 'Nobody': Permission denied\./ });
  });
});
