import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { waitForEvent } from '../../../core/testing/waits.js';
import { sandboxControllerEnv, sandboxForSpawnedControllers } from '../../helpers/spawned-controller.js';
import { controllerPid, runCli, type CliProcess } from '../../helpers/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'pitwall-dev-'));
let controller: CliProcess | undefined;
const sandbox = sandboxForSpawnedControllers(folder, () => controller);

const source = (version: string, answer: string): string =>
  `export default { id: 'laps', version: ${JSON.stringify(version)}, init(ctx) { ctx.command('laps', (call) => call.reply(${JSON.stringify(answer)})); } };\n`;

/** Anna types /laps and the controller answers `answer`. */
async function answers(answer: string): Promise<void> {
  const heard = waitForEvent<{ text: string }>((listener) => sandbox.onChat(listener), (chat) => chat.text === answer, () => `no answer '${answer}': ${JSON.stringify(sandbox.chatLog.map((chat) => chat.text))}`, 20_000);
  sandbox.playerChat('anna', '/laps');
  await heard;
}

it('pitwall dev runs the controller and reloads an app when its file changes, with one line saying so', async () => {
  const appFolder = join(folder, 'laps');
  mkdirSync(join(appFolder, 'lib'), { recursive: true });
  mkdirSync(join(appFolder, 'node_modules', 'dep'), { recursive: true });
  const file = join(appFolder, 'laps.mjs');
  writeFileSync(file, source('1.0.0', 'laps one'));
  controller = runCli(['dev'], sandboxControllerEnv(sandbox, { PITWALL_DATA_DIR: join(folder, 'var'), PITWALL_APPS: JSON.stringify([file]) }));
  await controllerPid(controller);
  await controller.waitForOutput('pitwall dev: an app reloads when its files change (watching laps)');
  sandbox.playerJoin('anna');
  await answers('laps one');

  // An editor's swap file is not the app's code: only laps.mjs is named, and one save is one reload.
  writeFileSync(join(appFolder, '.laps.mjs.swp'), 'swap');
  writeFileSync(file, source('1.1.0', 'laps two'));
  await controller.waitForOutput(/laps\.mjs changed: App 'laps' reloaded: 1\.0\.0 -> 1\.1\.0, running again in \d+ ms\./);
  await answers('laps two');
  assert.equal(controller.output().match(/ changed: App 'laps' reloaded/g)?.length, 1, controller.output());
  assert.match(controller.output(), /\blaps\.mjs changed: /);
  assert.doesNotMatch(controller.output(), /swp/);
  assert.match(controller.output(), /App 'laps' reloads, as asked by pitwall dev/);

  // A file in a folder of the app counts; one under node_modules does not.
  writeFileSync(join(appFolder, 'node_modules', 'dep', 'index.js'), 'export {};\n');
  writeFileSync(join(appFolder, 'lib', 'words.json'), '{}\n');
  await controller.waitForOutput(/lib\/words\.json changed: App 'laps' reloaded: 1\.1\.0 -> 1\.1\.0, running again in \d+ ms\./);
  assert.doesNotMatch(controller.output(), /node_modules/);
});
