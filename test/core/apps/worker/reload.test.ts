import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, it } from 'node:test';
import { PROJECT_ROOT } from '../../../../core/reporting/stack.js';
import { startTestCore, type TestCore } from '../../../helpers/core.js';

const folder = mkdtempSync(join(tmpdir(), 'pitwall-reload-apps-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const pitwall = pathToFileURL(join(PROJECT_ROOT, 'dist', 'core', 'index.js')).href;

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

/** A HUD app whose widget and /hudver answer name its version. */
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

it('//app reload loads an in-process app afresh while a player has its widget open: new behaviour, the widget never removed', async () => {
  const file = join(folder, 'hud.mjs');
  writeFileSync(file, hudSource('1.0.0', 'one'));
  core = await startTestCore({ apps: [file], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.ui.waitForPage('boss', 'pitwall.hud.widget', (page) => page.texts.includes('lap one'));
  const widgetGone: boolean[] = [];
  const watch = core.sandbox.manialinks.onChange((login) => {
    if (login === 'boss' && !core!.ui.page('boss', 'pitwall.hud.widget')) widgetGone.push(true);
  });

  writeFileSync(file, hudSource('2.0.0', 'two'));
  await core.chat('boss', '//app reload hud');
  const answer = await core.waitForChat(/^App 'hud' reloaded/);
  assert.match(answer.text, /^App 'hud' reloaded: 1\.0\.0 -> 2\.0\.0, running again in \d+ ms\.$/);
  await core.ui.waitForPage('boss', 'pitwall.hud.widget', (page) => page.texts.includes('lap two'));
  await core.chat('boss', '/hudver');
  await core.waitForChat('hud two');
  assert.deepEqual(widgetGone, []);
  assert.equal(core.status('hud')?.version, '2.0.0');

  // A file that does not load leaves the running version as it was.
  writeFileSync(file, 'export default { id: "hud", version: "3.0.0", init( };\n');
  await core.chat('boss', '//app reload hud');
  const refused = await core.waitForChat(/^App 'hud' was not reloaded/);
  assert.match(refused.text, /^App 'hud' was not reloaded: App '.*hud\.mjs' listed in APPS could not be loaded: importing it failed: .*Version 2\.0\.0 keeps running\.$/);
  await core.chat('boss', '/hudver');
  await core.waitFor(() => core!.sandbox.chatLog.filter((chat) => chat.text === 'hud two').length === 2, 'the second answer of version 2');
  assert.deepEqual(widgetGone, []);
  watch();
});

it('an app whose new version throws in init goes back to the old one, which answers again', async () => {
  const file = join(folder, 'hud-init.mjs');
  writeFileSync(file, hudSource('1.0.0', 'one'));
  core = await startTestCore({ apps: [file], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  writeFileSync(file, `export default { id: 'hud', version: '2.0.0', init() { throw new Error('hud 2 cannot start'); } };\n`);
  await core.chat('boss', '//app reload hud');
  const answer = await core.waitForChat(/^App 'hud' was not reloaded/);
  assert.equal(answer.text, "App 'hud' was not reloaded: its new version did not start: App 'hud' failed in init(): hud 2 cannot start Version 1.0.0 runs again.");
  await core.chat('boss', '/hudver');
  await core.waitForChat('hud one');
  assert.equal(core.state('hud'), 'RUNNING');
});

it("//app reload starts a worker app's new code in a new worker", async () => {
  const file = join(folder, 'counter.mjs');
  const source = (answer: string) => `export default { id: 'counter', version: '1.0.0', init(ctx) { ctx.command('count', (call) => call.reply(${JSON.stringify(answer)})); } };\n`;
  writeFileSync(file, source('counting the old way'));
  core = await startTestCore({ apps: [{ id: file, isolation: 'worker' }], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.chat('boss', '/count');
  await core.waitForChat('counting the old way');
  writeFileSync(file, source('counting the new way'));
  await core.chat('boss', '//app reload counter');
  await core.waitForChat(/^App 'counter' reloaded: 1\.0\.0 -> 1\.0\.0, running again in \d+ ms\.$/);
  await core.chat('boss', '/count');
  await core.waitForChat('counting the new way');
  assert.deepEqual(core.status('counter'), { id: 'counter', version: '1.0.0', state: 'RUNNING', isolation: 'worker' });
});

it('//app list shows each app with its state, isolation, version and uptime', async () => {
  const file = join(folder, 'listed.mjs');
  writeFileSync(file, `export default { id: 'listed', version: '0.3.0', init() {} };\n`);
  core = await startTestCore({ apps: [{ id: file, isolation: 'worker' }], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.chat('boss', '//app list');
  await core.waitForChat(/^listed 0\.3\.0 RUNNING in worker, up \d+ s$/);
});

it('//app stop removes a running app and its commands until //app start brings it back', async () => {
  const file = join(folder, 'pausable.mjs');
  writeFileSync(file, `export default { id: 'pausable', version: '1.0.0', init(ctx) { ctx.command('pausable', (call) => call.reply('still here')); } };\n`);
  core = await startTestCore({ apps: [{ id: file, isolation: 'worker' }], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.chat('boss', '//app stop pausable');
  await core.waitForChat("App 'pausable' stopped.");
  assert.equal(core.state('pausable'), 'STOPPED');
  await core.chat('boss', '/pausable');
  await core.waitForChat('Unknown command /pausable. Type /help for the list.');
  await core.chat('boss', '//app start pausable');
  await core.waitForChat("App 'pausable' started.");
  await core.chat('boss', '/pausable');
  await core.waitForChat('still here');
});
