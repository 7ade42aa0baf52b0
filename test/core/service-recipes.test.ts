import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../core/reporting/stack.js';
import { assertStoppedInOrder, controllerPid, runProcess } from '../helpers/cli.js';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const baseEnv = (): NodeJS.ProcessEnv => ({ PITWALL_DATA_DIR: mkdtempSync(join(tmpdir(), 'pitwall-service-')), PITWALL_DEDICATED__PORT: '0' });

/** The fenced block of `language` in the README's "Running as a service" section. */
function serviceBlock(language: string): string {
  const section = readme.slice(readme.indexOf('## Running as a service'));
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  assert.ok(match, `no ${language} block in "Running as a service"`);
  return match[1]!;
}

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
