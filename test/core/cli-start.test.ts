import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'pitwall-cli-'));

describe('pitwall start', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`stops apps in reverse order and exits 0 on ${signal}`, async () => {
      const cli = runCli(['start'], { PITWALL_DATA_DIR: dataDir(), PITWALL_DEDICATED__PORT: '0' });
      await cli.waitForOutput('press Ctrl+C to stop');
      cli.child.kill(signal);
      const { code } = await cli.exited;
      assert.equal(code, 0, cli.output());
      const output = cli.output();
      assert.match(output, new RegExp(`${signal} received, stopping`));
      assert.ok(output.indexOf("App 'welcome' stopped") < output.indexOf('Pitwall stopped'));
    });
  }

  it('exits 1 within SHUTDOWN_TIMEOUT_MS when an app does not stop, and says so', async () => {
    const { fileURLToPath } = await import('node:url');
    const app = fileURLToPath(new URL('../fixtures/apps/slow-stop/index.js', import.meta.url));
    const cli = runCli(['start'], {
      PITWALL_DATA_DIR: dataDir(),
      PITWALL_DEDICATED__PORT: '0',
      PITWALL_APPS: JSON.stringify([app]),
      PITWALL_APP_HOOK_TIMEOUT_MS: '20000',
      PITWALL_SHUTDOWN_TIMEOUT_MS: '300',
    });
    await cli.waitForOutput('press Ctrl+C to stop');
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 1);
    assert.match(cli.output(), /Shutdown did not finish within 300 ms; exiting anyway\./);
    assert.match(cli.output(), /Pitwall stopped before everything had finished/);
  });

  it('refuses to start with invalid settings, naming the key and the fix', async () => {
    const cli = runCli(['start'], { PITWALL_LOGGING_REPORTING: '9' });
    const { code } = await cli.exited;
    assert.equal(code, 1);
    assert.equal(
      cli.output(),
      'PW_ERR_SETTINGS: Invalid settings (1 problem):\n' +
        '  - LOGGING_REPORTING = 9 (from env PITWALL_LOGGING_REPORTING): must be at most 3. ' +
        'Fix: set LOGGING_REPORTING to 0, 1, 2 or 3 (0 sends nothing; see docs/privacy.md).\n',
    );
  });

  it('says which server it could not reach and how to fix it, and exits 1', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const cli = runCli(['start'], { PITWALL_DATA_DIR: dataDir(), PITWALL_SANDBOX: 'false', PITWALL_DEDICATED__PORT: String(port) });
    assert.equal((await cli.exited).code, 1);
    assert.ok(
      cli.output().endsWith(
        `PW_ERR_GBX_CONNECT: Cannot connect to the dedicated server at 127.0.0.1:${port}: Cannot reach the dedicated server at 127.0.0.1:${port}: ECONNREFUSED. ` +
          'Fix: start the dedicated server and check DEDICATED.host/port against <xmlrpc_port> in its dedicated_cfg.txt, or set SANDBOX = true to use the built-in sandbox server.\n',
      ),
      cli.output(),
    );
  });

  it('names an unknown command and shows the usage', async () => {
    const cli = runCli(['launch']);
    const { code } = await cli.exited;
    assert.equal(code, 2);
    assert.match(cli.output(), /^Unknown command 'launch'\.\n\nUsage: pitwall <command>/);
  });
});
