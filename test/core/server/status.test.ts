import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SandboxServer } from '../../../core/sandbox/server.js';
import { runCli } from '../../helpers/cli.js';

describe('pitwall status', () => {
  let sandbox: SandboxServer;
  before(async () => {
    sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' });
    await sandbox.start();
    sandbox.playerJoin('anna', 'Anna');
    sandbox.playerJoin('ben', 'Ben', true);
  });
  after(() => sandbox.stop());

  const against = (env: NodeJS.ProcessEnv = {}) =>
    runCli(['status'], { PITWALL_SANDBOX: 'false', PITWALL_DEDICATED__PORT: String(sandbox.port), PITWALL_DEDICATED__PASSWORD: 'pw', ...env });

  it("connects, prints the server's name, version, mode and player count, and exits 0", async () => {
    const cli = against();
    assert.equal((await cli.exited).code, 0, cli.output());
    assert.equal(
      cli.output(),
      [
        `Checking the dedicated server at 127.0.0.1:${sandbox.port}`,
        'Connected as SuperAdmin; API version 2023-03-25 accepted',
        'Server:  Pitwall Sandbox (login pitwall-sandbox)',
        'Version: Trackmania 3.3.0, build 2026-11-01_12_00, title Trackmania, API 2023-03-25',
        'Mode:    Trackmania/TM_TimeAttack_Online.Script.txt',
        'Players: 2 of 32 (1 spectating)',
        '',
      ].join('\n'),
    );
  });

  it('counts players as the controller does: another server listed among them is left out', async () => {
    // A relay: the Flags digit for "is a server" set (dedicated-server-api, Structures/PlayerInfo.php).
    sandbox.world.players.set('relay', { ...sandbox.world.serverEntry, Login: 'relay', NickName: 'Relay', PlayerId: 9, Flags: 100_000 });
    try {
      const cli = against();
      assert.equal((await cli.exited).code, 0, cli.output());
      assert.ok(cli.output().includes('Players: 2 of 32 (1 spectating)\n'), cli.output());
      // The Forever struct, which carries SpectatorStatus and Flags.
      assert.deepEqual(sandbox.calls.filter((call) => call.method === 'GetPlayerList').at(-1)?.params, [-1, 0, 1]);
    } finally {
      sandbox.world.players.delete('relay');
    }
  });

  it('names a wrong password and the fix, and exits 1', async () => {
    const cli = against({ PITWALL_DEDICATED__PASSWORD: 'wrong' });
    assert.equal((await cli.exited).code, 1);
    assert.equal(
      cli.output(),
      `Checking the dedicated server at 127.0.0.1:${sandbox.port}\n` +
        `PW_ERR_GBX_AUTH: The dedicated server at 127.0.0.1:${sandbox.port} refused user 'SuperAdmin': Password incorrect. ` +
        'Fix: set DEDICATED.user and DEDICATED.password to the SuperAdmin login and password of its dedicated_cfg.txt.\n',
    );
  });
});
