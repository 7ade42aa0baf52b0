import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../../helpers/cli.js';

const run = promisify(execFile);

it('notices an app removing the net, replacing setTimeout and stderr.write; a throwing setTimeout is blamed on its replacer', async () => {
  const script = fileURLToPath(new URL('../../fixtures/process-guard.js', import.meta.url));
  const { stdout } = await run(process.execPath, [script], { timeout: 30_000 });
  const { captured, logs, restored } = JSON.parse(stdout) as { captured: { app: string; message: string }[]; logs: string[]; restored: boolean };
  assert.deepEqual(captured, [{ app: 'replacer', message: 'broken setTimeout' }], 'blamed on the replacer, not on app caller');
  assert.deepEqual(logs.sort(), [
    "remover: The uncaughtException handler of Pitwall's process-level net was removed by app 'remover'; it was put back",
    "replacer: process.stderr.write was replaced by app 'replacer'; errors it throws are attributed to app 'replacer'",
    "replacer: setTimeout was replaced by app 'replacer'; errors it throws are attributed to app 'replacer'",
  ]);
  assert.equal(restored, true, 'the stop puts the original setTimeout back');
});

it("an app calling process.exit is logged with its id, and every app stops in order; the exit code is the app's", async () => {
  const quitter = fileURLToPath(new URL('../../fixtures/apps/quitter/index.js', import.meta.url));
  const cli = runCli(['start'], {
    PITWALL_DATA_DIR: mkdtempSync(join(tmpdir(), 'pitwall-quit-')),
    PITWALL_DEDICATED__PORT: '0',
    PITWALL_APPS: JSON.stringify(['welcome', quitter, 'admin']),
  });
  const { code } = await cli.exited;
  const output = cli.output();
  assert.equal(code, 3, output);
  assert.match(output, /error \[quitter\] App 'quitter' called process\.exit\(3\); Pitwall stops every app in order instead of exiting at once\n/);
  assert.match(output, /App 'quitter' called process\.exit\(3\), stopping\n/);
  const order = ["App 'admin' stopped", "App 'quitter' stopped", "App 'welcome' stopped", 'Pitwall stopped'].map((line) => output.indexOf(line));
  assert.deepEqual([...order].sort((a, b) => a - b), order, output);
  assert.ok(order[0]! > 0);
});
