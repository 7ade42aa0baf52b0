import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

it('catches errors nobody caught, attributes them by scope or stack, and keeps the controller alive', async () => {
  const script = fileURLToPath(new URL('../../fixtures/process-net.js', import.meta.url));
  const { stdout } = await run(process.execPath, [script], { timeout: 20_000 });
  const { captured, state } = JSON.parse(stdout) as { captured: { app: string; appVersion?: string; message: string }[]; state: string };
  const byMessage = Object.fromEntries(captured.map((entry) => [entry.message, entry.app]));
  assert.deepEqual(byMessage, {
    'forgotten promise': 'stacky',
    'raw timer fault': 'stacky',
    'emitter without error listener': 'stacky',
    'thrown outside any app scope': 'stacky',
    'core fault': 'core',
  });
  assert.equal(captured.length, 5, 'each fault is captured exactly once');
  assert.ok(captured.filter((entry) => entry.app === 'stacky').every((entry) => entry.appVersion === '3.1.4'));
  assert.equal(state, 'STOPPED', 'the app kept running until the controller stopped it');
});
