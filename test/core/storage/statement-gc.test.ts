import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

it('a process that prepares and drops 100,000 SQLite statements, collects them and idles exits 0 (no finalizer abort)', async () => {
  const script = fileURLToPath(new URL('./fixtures/statement-churn.js', import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  assert.deepEqual({ ...exit, output }, { code: 0, signal: null, output: 'prepared and dropped 100000 statements, collected them and idled\n' });
});
