import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, it } from 'node:test';
import { askController } from '../../../../core/apps/control-requests.js';
import { runCli } from '../../../helpers/cli.js';
import { startTestCore, type TestCore } from '../../../helpers/core.js';

const folder = mkdtempSync(join(tmpdir(), 'pitwall-control-apps-'));
after(() => rmSync(folder, { recursive: true, force: true }));

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const source = (answer: string) => `export default { id: 'shelly', version: '1.0.0', init(ctx) { ctx.command('shelly', (call) => call.reply(${JSON.stringify(answer)})); } };\n`;

it('pitwall apps reload <id> reaches the running controller from a shell and reloads that app; pitwall apps lists the apps', async () => {
  const file = join(folder, 'shelly.mjs');
  writeFileSync(file, source('old shell'));
  core = await startTestCore({ apps: [{ id: file, isolation: 'worker' }] });
  await core.join('anna');
  writeFileSync(file, source('new shell'));
  const cli = runCli(['apps', 'reload', 'shelly'], { PITWALL_DATA_DIR: core.dataDir });
  assert.equal((await cli.exited).code, 0, cli.output());
  assert.match(cli.output(), /^App 'shelly' reloaded: 1\.0\.0 -> 1\.0\.0, running again in \d+ ms\.\n$/);
  assert.ok(core.logs.some((entry) => entry.message === "App 'shelly' reloads, as asked by cli"));
  await core.chat('anna', '/shelly');
  await core.waitForChat('new shell');

  const list = runCli(['apps'], { PITWALL_DATA_DIR: core.dataDir });
  assert.equal((await list.exited).code, 0, list.output());
  assert.match(list.output(), /^shelly 1\.0\.0 RUNNING in worker, up \d+ s\n$/);
});

it('a reload of an unknown app is answered by the controller, and a DATA_DIR without a controller says so', async () => {
  const file = join(folder, 'shelly-known.mjs');
  writeFileSync(file, source('known'));
  core = await startTestCore({ apps: [file] });
  assert.deepEqual(await askController(core.dataDir, { action: 'reload', id: 'nope' }, 5000), { ok: true, text: "There is no app 'nope' (loaded: shelly)." });
  const empty = mkdtempSync(join(tmpdir(), 'pitwall-no-controller-'));
  await assert.rejects(askController(empty, { action: 'list' }, 200), {
    message: `No running controller answered through ${join(empty, 'control')}: the folder does not exist, so no controller with apps has run on this DATA_DIR. Fix: start Pitwall (pitwall start) with the same DATA_DIR, then ask again.`,
  });
  rmSync(empty, { recursive: true, force: true });
});
