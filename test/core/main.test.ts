import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../core/reporting/stack.js';
import { runCli, runProcess, type CliProcess } from '../helpers/cli.js';

const dataDir = (): string => mkdtempSync(join(tmpdir(), 'pitwall-main-'));
const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const baseEnv = (): NodeJS.ProcessEnv => ({ PITWALL_DATA_DIR: dataDir(), PITWALL_DEDICATED__PORT: '0' });

/** The fenced block of `language` in the README's "Running as a service" section. */
function serviceBlock(language: string): string {
  const section = readme.slice(readme.indexOf('## Running as a service'));
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  assert.ok(match, `no ${language} block in "Running as a service"`);
  return match[1]!;
}

async function controllerPid(cli: CliProcess): Promise<number> {
  await cli.waitForOutput(/pid \d+\); press Ctrl\+C to stop/, 40_000);
  return Number(/pid (\d+)\); press Ctrl\+C/.exec(cli.output())![1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Exited in order: the bundled apps stopped in reverse, then the last line; no stack trace. */
function assertStoppedInOrder(output: string, reason: string): void {
  assert.match(output, new RegExp(`${reason}, stopping`));
  const records = output.indexOf("App 'records' stopped");
  const welcome = output.indexOf("App 'welcome' stopped");
  assert.ok(records > 0 && welcome > records && output.indexOf('Pitwall stopped') > welcome, output);
  assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
}

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

  it('stops in order when the process that started it dies without passing a signal on', async () => {
    const env = baseEnv();
    // `; true` keeps the shell from exec-ing node, as a wrapper that does not forward signals would.
    const shell = runProcess('sh', ['-c', `"${process.execPath}" dist/core/cli.js start; true`], env, PROJECT_ROOT);
    const pid = await controllerPid(shell);
    shell.child.kill('SIGKILL');
    await shell.exited;
    // The controller keeps the output pipe open until it exits; its log file tells the rest.
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
    assert.match(log, /"message":"The parent process exited, stopping"/);
    assert.match(log, /"message":"Pitwall stopped"/);
  });
});

describe('Running as a service (README recipes)', () => {
  it("the systemd unit's ExecStart, in its WorkingDirectory, stops cleanly on its KillSignal", async () => {
    const unit = serviceBlock('ini');
    const execStart = /^ExecStart=(.+)$/m.exec(unit)![1]!.split(' ');
    const killSignal = /^KillSignal=(\S+)$/m.exec(unit)![1] as NodeJS.Signals;
    assert.equal(/^WorkingDirectory=(\S+)$/m.exec(unit)![1], '/opt/pitwall', 'the project folder (here: this checkout)');
    assert.equal(execStart[0], '/usr/bin/node');
    assert.equal(killSignal, 'SIGTERM');
    const service = runProcess(process.execPath, execStart.slice(1), baseEnv(), PROJECT_ROOT);
    const pid = await controllerPid(service);
    assert.equal(pid, service.child.pid, 'ExecStart runs the controller itself, which is the main PID systemd signals');
    service.child.kill(killSignal);
    assert.equal((await service.exited).code, 0, service.output());
    assertStoppedInOrder(service.output(), `${killSignal} received`);
  });

  it("the Dockerfile's CMD, run directly with no shell, stops cleanly on its STOPSIGNAL", async () => {
    const dockerfile = serviceBlock('dockerfile');
    const [command, ...args] = JSON.parse(/^CMD (\[.+\])$/m.exec(dockerfile)![1]!) as string[];
    const stopSignal = /^STOPSIGNAL (\S+)$/m.exec(dockerfile)![1] as NodeJS.Signals;
    assert.equal(command, 'node');
    const container = runProcess(process.execPath, args, baseEnv(), PROJECT_ROOT);
    const pid = await controllerPid(container);
    assert.equal(pid, container.child.pid);
    container.child.kill(stopSignal);
    assert.equal((await container.exited).code, 0, container.output());
    assertStoppedInOrder(container.output(), `${stopSignal} received`);
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
