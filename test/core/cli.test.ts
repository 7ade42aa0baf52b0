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

  it('names an unknown command and shows the usage', async () => {
    const cli = runCli(['launch']);
    const { code } = await cli.exited;
    assert.equal(code, 2);
    assert.match(cli.output(), /^Unknown command 'launch'\.\n\nUsage: pitwall <command>/);
  });
});

describe('pitwall sandbox', () => {
  it('serves GbxRemote on its own until stopped', async () => {
    const { GbxSession } = await import('../../core/gbx/session.js');
    const cli = runCli(['sandbox', '--port', '0', '--quiet'], { PITWALL_DEDICATED__PASSWORD: 'pw' });
    await cli.waitForOutput(/listening on 127\.0\.0\.1:\d+/);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(cli.output())![1]);
    const session = new GbxSession({ host: '127.0.0.1', port, user: 'SuperAdmin', password: 'pw' });
    await session.connect();
    assert.equal(await session.call('GetServerName'), 'Pitwall Sandbox');
    session.close();
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0);
  });

  it('names a bad port', async () => {
    const cli = runCli(['sandbox', '--port', 'abc']);
    assert.equal((await cli.exited).code, 2);
    assert.equal(cli.output(), "--port must be a whole number from 0 to 65535, got 'abc'.\n");
  });
});
