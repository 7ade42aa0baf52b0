import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../core/reporting/stack.js';
import { assertStoppedInOrder, controllerPid, isAlive, runCli, runProcess } from '../helpers/cli.js';

const dataDir = (): string => mkdtempSync(join(tmpdir(), 'pitwall-main-'));
const baseEnv = (): NodeJS.ProcessEnv => ({ PITWALL_DATA_DIR: dataDir(), PITWALL_DEDICATED__PORT: '0' });

describe('npm start under a service manager', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the controller in order when only npm gets ${signal}`, async () => {
      // --ignore-scripts skips prestart (the build, already done), so this is the start script itself.
      const npm = runProcess('npm', ['start', '--ignore-scripts'], baseEnv(), PROJECT_ROOT);
      const pid = await controllerPid(npm);
      assert.notEqual(pid, npm.child.pid, 'the controller is npm\'s child, not npm');
      npm.child.kill(signal);
      const { code } = await npm.exited;
      assert.equal(code, 0, npm.output());
      assert.equal(isAlive(pid), false, 'the controller is gone');
      assertStoppedInOrder(npm.output(), `${signal} received`);
    });
  }

  it('stops in order when npm is killed outright (SIGKILL) and cannot pass a signal on', async () => {
    const env = baseEnv();
    const npm = runProcess('npm', ['start', '--ignore-scripts'], env, PROJECT_ROOT);
    const pid = await controllerPid(npm);
    npm.child.kill('SIGKILL');
    await npm.exited;
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 20_000;
      const check = (): void => {
        if (!isAlive(pid)) resolve();
        else if (Date.now() > deadline) reject(new Error('the orphaned controller did not stop'));
        else setTimeout(check, 50);
      };
      check();
    });
    const log = readFileSync(join(env.PITWALL_DATA_DIR!, 'logs', 'pitwall.log'), 'utf8');
    assert.match(log, /"message":"The npm process that started Pitwall is gone, stopping"/);
    assert.match(log, /"message":"Pitwall stopped"/);
  });
});

describe('exit after an orderly stop', () => {
  it('exits 0 with no stack trace although an app left a raw interval that throws', async () => {
    const app = fileURLToPath(new URL('../fixtures/apps/raw-interval/index.js', import.meta.url));
    const cli = runCli(['start'], { ...baseEnv(), PITWALL_APPS: JSON.stringify([app]) });
    await controllerPid(cli);
    // The net catches the interval's throws while the controller runs.
    await cli.waitForOutput("Error in raw-interval: raw interval left behind");
    cli.child.kill('SIGTERM');
    assert.equal((await cli.exited).code, 0, cli.output());
    const afterStop = cli.output().slice(cli.output().indexOf('Pitwall stopped'));
    assert.equal(afterStop, 'Pitwall stopped\n', 'nothing printed after the last line');
  });
});
