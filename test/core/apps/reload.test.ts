import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'node:test';
import { PROJECT_ROOT } from '../../../core/reporting/stack.js';
import { SandboxManialinks } from '../../../core/sandbox/manialinks.js';
import { waitForEvent } from '../../../core/testing/waits.js';
import { sandboxControllerEnv, sandboxForSpawnedControllers } from '../../helpers/spawned-controller.js';
import { controllerPid, isAlive, runCli, type CliProcess } from '../../helpers/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'pitwall-reload-cli-'));
const pitwall = pathToFileURL(join(PROJECT_ROOT, 'dist', 'core', 'index.js')).href;
let controller: CliProcess | undefined;
const sandbox = sandboxForSpawnedControllers(folder, () => controller);

/** A lap-counter widget for everyone and a /hudver command, both naming the version's label. */
function hudSource(version: string, label: string): string {
  return `import { h } from ${JSON.stringify(pitwall)};
export default {
  id: 'hud', version: ${JSON.stringify(version)},
  async init(ctx) {
    ctx.command('hudver', (call) => call.reply('hud ' + ${JSON.stringify(label)}));
    await ctx.ui.show('widget', h('label', { text: 'lap ' + ${JSON.stringify(label)} }));
  },
};
`;
}

const WIDGET = 'pitwall.hud.widget';

/** The label texts of the widget as the player's game has it on screen, or undefined when it is not there. */
function widgetTexts(login: string): string[] | undefined {
  const page = sandbox.manialinks.pages(login).find((shown) => shown.id === WIDGET);
  return page && SandboxManialinks.elements(page.xml).filter((element) => element.tag === 'label').map((element) => element.attributes.text!);
}

function widgetShows(login: string, text: string, what: string): Promise<string> {
  return waitForEvent<string>(
    (listener) => sandbox.manialinks.onChange(listener),
    (changed) => changed === login && (widgetTexts(login)?.includes(text) ?? false),
    () => `${what}: the widget shows ${JSON.stringify(widgetTexts(login))}`,
    20_000,
  );
}

function chatLine(text: string): Promise<unknown> {
  if (sandbox.chatLog.some((chat) => chat.text === text)) return Promise.resolve();
  return waitForEvent<{ text: string }>((listener) => sandbox.onChat(listener), (chat) => chat.text === text, () => `no chat line '${text}': ${JSON.stringify(sandbox.chatLog.map((chat) => chat.text))}`, 20_000);
}

for (const isolation of ['process', 'worker'] as const) {
  it(`pitwall apps reload <id> from a shell (${isolation}): a changed app file runs in the same controller process, its widget never leaves the screen`, async () => {
    const file = join(folder, `hud-${isolation}.mjs`);
    const login = `anna-${isolation}`;
    writeFileSync(file, hudSource('1.0.0', `one ${isolation}`));
    const dataDir = join(folder, `var-${isolation}`);
    controller = runCli(['start'], sandboxControllerEnv(sandbox, { PITWALL_DATA_DIR: dataDir, PITWALL_APPS: JSON.stringify([{ id: file, isolation }]) }));
    const pid = await controllerPid(controller);
    const shown = widgetShows(login, `lap one ${isolation}`, 'the first version');
    sandbox.playerJoin(login);
    await shown;

    // Every change to what the player sees from here on: the widget must be on screen each time.
    const missing: string[] = [];
    const watch = sandbox.manialinks.onChange((changed) => {
      if (changed === login && !widgetTexts(login)) missing.push(JSON.stringify(sandbox.manialinks.pages(login).map((page) => page.id)));
    });
    writeFileSync(file, hudSource('2.0.0', `two ${isolation}`));
    const replaced = widgetShows(login, `lap two ${isolation}`, 'the reloaded version');
    const reload = runCli(['apps', 'reload', 'hud'], { PITWALL_DATA_DIR: dataDir });
    assert.equal((await reload.exited).code, 0, reload.output());
    assert.match(reload.output(), /^App 'hud' reloaded: 1\.0\.0 -> 2\.0\.0, running again in \d+ ms\.\n$/);
    await replaced;
    sandbox.playerChat(login, '/hudver');
    await chatLine(`hud two ${isolation}`);
    watch();
    // An empty page for the widget, or a SendHideManialinkPage(ToLogin), would each have shown up here.
    assert.deepEqual(missing, []);

    // The same process did it: still alive, started once, and it logged the reload.
    assert.equal(isAlive(pid), true);
    assert.equal(controller.output().match(/Pitwall \S+ started \(Node \S+, pid \d+\)/g)?.length, 1);
    await controller.waitForOutput("App 'hud' reloads, as asked by cli");
    assert.equal(controller.child.exitCode, null);
    controller.child.kill('SIGTERM');
    assert.equal((await controller.exited).code, 0, controller.output());
    controller = undefined;
  });
}
