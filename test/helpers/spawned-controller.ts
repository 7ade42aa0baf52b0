import { rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { SandboxServer } from '../../core/sandbox/server.js';
import type { CliProcess } from './cli.js';

/**
 * A sandbox for the controllers a test file spawns (`pitwall start`, `pitwall dev`), started before its tests.
 * After them, the controller a test that failed half-way left running is stopped, then the sandbox, and
 * `folder` is removed.
 */
export function sandboxForSpawnedControllers(folder: string, running: () => CliProcess | undefined): SandboxServer {
  const sandbox = new SandboxServer({ host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'pw' });
  before(() => sandbox.start());
  after(async () => {
    const controller = running();
    controller?.child.kill('SIGTERM');
    await controller?.exited;
    await sandbox.stop();
    rmSync(folder, { recursive: true, force: true });
  });
  return sandbox;
}

/** The variables that point a spawned controller at `sandbox`, with `more` beside them. */
export function sandboxControllerEnv(sandbox: SandboxServer, more: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PITWALL_SANDBOX: 'false', PITWALL_DEDICATED__PORT: String(sandbox.port), PITWALL_DEDICATED__PASSWORD: 'pw', ...more };
}
