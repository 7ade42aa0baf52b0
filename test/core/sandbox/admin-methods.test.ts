import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
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

const logins = (list: unknown) => (list as { Login: string }[]).map((entry) => entry.Login);

describe('sandbox server: bans and lists, as a real dedicated server keeps them', () => {
  it('Ban disconnects a connected player, lists the ban and refuses the login until UnBan', async () => {
    sandbox.playerJoin('anna');
    assert.equal(await session.call('Ban', 'anna', 'cheating'), true);
    await waitFor(() => !sandbox.world.players.has('anna'), 'anna to be disconnected');
    assert.deepEqual(await session.call('GetBanList', -1, 0), [{ Login: 'anna', ClientName: 'anna', IPAddress: '' }]);
    assert.throws(() => sandbox.playerJoin('anna'), /The sandbox server refuses 'anna': banned or blacklisted/);
    assert.equal(await session.call('Ban', 'offline-ben', ''), true);
    assert.deepEqual(logins(await session.call('GetBanList', 1, 1)), ['offline-ben']);
    assert.equal(await session.call('UnBan', 'anna'), true);
    await assert.rejects(session.call('UnBan', 'anna'), /Login not banned\./);
    sandbox.playerJoin('anna');
  });

  it('keeps black, guest and ignore lists with the server\'s own fault texts', async () => {
    sandbox.playerJoin('cleo');
    assert.equal(await session.call('BlackList', 'dan'), true);
    await assert.rejects(session.call('BlackList', 'dan'), /Player already black listed\./);
    assert.deepEqual(logins(await session.call('GetBlackList', -1, 0)), ['dan']);
    assert.equal(await session.call('UnBlackList', 'dan'), true);
    await assert.rejects(session.call('UnBlackList', 'dan'), /Player not black listed\./);
    assert.equal(await session.call('AddGuest', 'eve'), true);
    await assert.rejects(session.call('AddGuest', 'eve'), /Player already on guest list\./);
    assert.deepEqual(logins(await session.call('GetGuestList', -1, 0)), ['eve']);
    assert.equal(await session.call('RemoveGuest', 'eve'), true);
    await assert.rejects(session.call('RemoveGuest', 'eve'), /Player not on guest list\./);
    await assert.rejects(session.call('Ignore', 'nobody'), /Login unknown\./);
    assert.equal(await session.call('Ignore', 'cleo'), true);
    await assert.rejects(session.call('Ignore', 'cleo'), /Player already ignored\./);
    assert.deepEqual(logins(await session.call('GetIgnoreList', -1, 0)), ['cleo']);
    assert.equal(await session.call('UnIgnore', 'cleo'), true);
    await assert.rejects(session.call('UnIgnore', 'cleo'), /Player not ignored\./);
  });

  it('takes a new password at once and a new max players count with the next map', async () => {
    assert.equal(await session.call('SetServerPassword', 'letmein'), true);
    assert.equal(await session.call('GetServerPassword'), 'letmein');
    assert.equal(await session.call('SetMaxPlayers', 12), true);
    assert.deepEqual(await session.call('GetMaxPlayers'), { CurrentValue: 32, NextValue: 12 });
    sandbox.nextMap();
    assert.deepEqual(await session.call('GetMaxPlayers'), { CurrentValue: 12, NextValue: 12 });
  });
});

describe('sandbox server: the map selection', () => {
  it('ChooseNextMap picks the map that follows; a file outside the selection is refused', async () => {
    const third = sandbox.world.maps[2]!;
    assert.equal(await session.call('ChooseNextMap', third.FileName), true);
    assert.equal(((await session.call('GetNextMapInfo')) as { UId: string }).UId, third.UId);
    await assert.rejects(session.call('ChooseNextMap', 'Nope.Map.Gbx'), /Map not in the selection\./);
    sandbox.nextMap();
    assert.equal(sandbox.world.currentMap.UId, third.UId);
    // Afterwards the rotation goes on from there.
    assert.equal(sandbox.world.nextMap.UId, sandbox.world.maps[3]!.UId);
  });

  // SetNextMapIndex and JumpToMapIndex take an index in the selection; outside it the fault is 'invalid index',
  // a text maniaplanet/dedicated-server-api's Xmlrpc/FaultException.php files as an IndexOutOfBoundException.
  it('SetNextMapIndex picks the map that follows and JumpToMapIndex goes to one; an index outside the selection is refused', async () => {
    assert.equal(await session.call('SetNextMapIndex', 3), true);
    assert.equal(await session.call('GetNextMapIndex'), 3);
    await assert.rejects(session.call('SetNextMapIndex', 4), { message: 'SetNextMapIndex failed with fault -1000: invalid index' });
    await assert.rejects(session.call('JumpToMapIndex', -1), { message: 'JumpToMapIndex failed with fault -1000: invalid index' });
    assert.equal(await session.call('JumpToMapIndex', 2), true);
    await waitFor(() => !sandbox.isChangingMap, 'the jump to map 2');
    assert.equal(await session.call('GetCurrentMapIndex'), 2);
  });

  it('AddMap takes a file from the Maps folder once; RemoveMap drops it; SaveMatchSettings writes the selection', async () => {
    await assert.rejects(session.call('AddMap', 'Custom/Missing.Map.Gbx'), /Couldn't load 'Custom\/Missing.Map.Gbx'\./);
    assert.equal(await session.call('AddMap', 'Custom/Sandbox_Canyon.Map.Gbx'), true);
    await assert.rejects(session.call('AddMap', 'Custom/Sandbox_Canyon.Map.Gbx'), /Map already added\./);
    assert.equal(((await session.call('GetMapList', -1, 0)) as unknown[]).length, 5);
    assert.equal(await session.call('SaveMatchSettings', 'MatchSettings/tracklist.txt'), 5);
    assert.deepEqual(sandbox.world.matchSettingsFiles.get('MatchSettings/tracklist.txt')?.at(-1), 'Custom/Sandbox_Canyon.Map.Gbx');
    assert.equal(await session.call('RemoveMap', 'Custom/Sandbox_Canyon.Map.Gbx'), true);
    await assert.rejects(session.call('RemoveMap', 'Custom/Sandbox_Canyon.Map.Gbx'), /Map not in the selection\./);
  });

  it('RestartMap replays the same map with BeginMap and restarted script sections', async () => {
    const seen: string[] = [];
    session.onCallback((method, params) => {
      if (method === 'ManiaPlanet.BeginMap') seen.push((params[0] as { UId: string }).UId);
    });
    await session.call('EnableCallbacks', true);
    const current = sandbox.world.currentMap.UId;
    assert.equal(await session.call('RestartMap'), true);
    await waitFor(() => seen.length === 1, 'BeginMap after the restart');
    assert.deepEqual(seen, [current]);
  });
});
