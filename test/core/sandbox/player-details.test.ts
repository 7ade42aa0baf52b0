import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { GbxSession } from '../../../core/gbx/session.js';
import { setSandboxPlayerLanguage } from '../../../core/sandbox/methods/player-details.js';
import { SandboxServer } from '../../../core/sandbox/server.js';

let sandbox: SandboxServer;
let session: GbxSession;
before(async () => {
  sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'SuperAdmin' });
  const port = await sandbox.start();
  session = new GbxSession({ host: '127.0.0.1', port, user: 'SuperAdmin', password: 'SuperAdmin', apiVersion: '2023-03-25', requestTimeoutMs: 5000, maxRequestBytes: 1 << 20, maxResponseBytes: 1 << 22 });
  await session.connect();
});
after(async () => {
  session.close();
  await sandbox.stop();
});

// The fields of SPlayerDetailedInfo as the dedicated server names them (EvoEsports/GbxRemote.Net
// `Structs/PlayerDetailedInfo.cs`); Language is the language of the player's game.
it("answers GetDetailedPlayerInfo with the server's struct, Language as the player's game reports it", async () => {
  sandbox.playerJoin('anna', 'Anna');
  setSandboxPlayerLanguage(sandbox.world, 'anna', 'fr');
  sandbox.playerJoin('bert', 'Bert', true);
  const anna = (await session.call('GetDetailedPlayerInfo', 'anna')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(anna).sort(), [
    'Allies', 'Avatar', 'BroadcasterLogin', 'ClientTitleVersion', 'ClientVersion', 'ClubLink', 'DownloadRate', 'HoursSinceZoneInscription', 'IPAddress',
    'IsInOfficialMode', 'IsReferee', 'IsSpectator', 'LadderStats', 'Language', 'Login', 'NickName', 'Path', 'PlayerId', 'Skins', 'TeamId', 'UploadRate',
  ]);
  assert.deepEqual([anna.Login, anna.NickName, anna.Language, anna.IsSpectator], ['anna', 'Anna', 'fr', false]);
  const bert = (await session.call('GetDetailedPlayerInfo', 'bert')) as Record<string, unknown>;
  assert.deepEqual([bert.Language, bert.IsSpectator], ['en', true]);
  await assert.rejects(session.call('GetDetailedPlayerInfo', 'nobody'), { faultString: 'Login unknown.' });
});

// getNetworkStats() reads Structures/NetworkStats.php with a Structures/PlayerNetInfo.php for each player
// (maniaplanet/dedicated-server-api); PacketLossRate is a float there.
it('answers GetNetworkStats with the server struct and a net info per player, at the address GetDetailedPlayerInfo tells', async () => {
  sandbox.playerJoin('cleo', 'Cleo');
  const stats = (await session.call('GetNetworkStats')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(stats).sort(), [
    'MeanConnectionTime', 'MeanNbrPlayer', 'NbrConnection', 'PlayerNetInfos', 'RecvNetRate', 'SendNetRate', 'TotalReceivingSize', 'TotalSendingSize', 'Uptime',
  ]);
  const infos = stats.PlayerNetInfos as Record<string, unknown>[];
  const cleo = infos.find((info) => info.Login === 'cleo')!;
  assert.deepEqual(Object.keys(cleo).sort(), ['IPAddress', 'LatestNetworkActivity', 'Login', 'PacketLossRate', 'StateUpdateLatency', 'StateUpdatePeriod']);
  assert.equal(cleo.IPAddress, ((await session.call('GetDetailedPlayerInfo', 'cleo')) as { IPAddress: string }).IPAddress);
  assert.equal(infos.length, sandbox.world.players.size);
});
