import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../../core/reporting/stack.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';

const folder = mkdtempSync(join(tmpdir(), 'pitwall-swap-apps-'));
after(() => rmSync(folder, { recursive: true, force: true }));
const pitwall = pathToFileURL(join(PROJECT_ROOT, 'dist', 'core', 'index.js')).href;

let core: TestCore | undefined;
/** Lets every step go on, so a test that failed half-way still stops. */
let proceedAll = (): void => undefined;
afterEach(async () => {
  proceedAll();
  await core?.stop();
  core = undefined;
  delete (globalThis as { lapperSteps?: unknown }).lapperSteps;
});

/**
 * Where the app's reload stands, told by the app itself: `reached(step)` when its code gets there, then it
 * waits until the test lets it go on with `proceed(step)`. The steps are inside the swap: the old version's
 * stop(), the new version's migration and its init().
 */
function steps(): { reached(step: string): Promise<void>; proceed(step: string): void } {
  const arrived = new Map<string, () => void>();
  const arrivals = new Map<string, Promise<void>>();
  const releases = new Map<string, () => void>();
  const gates = new Map<string, Promise<void>>();
  const arrival = (step: string): Promise<void> => {
    if (!arrivals.has(step)) arrivals.set(step, new Promise((resolve) => arrived.set(step, resolve)));
    return arrivals.get(step)!;
  };
  const gate = (step: string): Promise<void> => {
    if (!gates.has(step)) gates.set(step, new Promise((resolve) => releases.set(step, resolve)));
    return gates.get(step)!;
  };
  (globalThis as { lapperSteps?: unknown }).lapperSteps = {
    at(step: string): Promise<void> {
      void arrival(step);
      arrived.get(step)!();
      return gate(step);
    },
  };
  proceedAll = () => {
    for (const step of ['stop', 'migrate', 'init']) void gate(step);
    for (const release of releases.values()) release();
  };
  return {
    reached: (step) => arrival(step),
    proceed(step) {
      void gate(step);
      releases.get(step)!();
    },
  };
}

/** Version 1 answers /lap and announces finishes; its stop() waits at step 'stop'. */
const version1 = `export default {
  id: 'lapper', version: '1.0.0',
  database: { migrations: [{ name: '001-laps', async up(db) { await db.schema.createTable('laps').addColumn('login', 'text').execute(); } }] },
  init(ctx) {
    ctx.command('lap', (call) => call.reply('lap v1 ' + call.args.join(' ')));
    ctx.on('playerFinish', (finish) => ctx.server.chat('v1 saw the finish of ' + finish.login));
  },
  async stop() { await globalThis.lapperSteps?.at('stop'); },
};
`;

/** Version 2: a migration that waits at step 'migrate', an init() that waits at step 'init' before listening. */
const version2 = `export default {
  id: 'lapper', version: '2.0.0',
  database: { migrations: [
    { name: '001-laps', async up(db) { await db.schema.createTable('laps').addColumn('login', 'text').execute(); } },
    { name: '002-sectors', async up(db) { await globalThis.lapperSteps.at('migrate'); await db.schema.createTable('sectors').addColumn('login', 'text').execute(); } },
  ] },
  async init(ctx) {
    ctx.command('lap', (call) => call.reply('lap v2 ' + call.args.join(' ')));
    await globalThis.lapperSteps.at('init');
    ctx.on('playerFinish', (finish) => ctx.server.chat('v2 saw the finish of ' + finish.login));
  },
};
`;

it('commands typed and events sent while a reload swaps the versions wait, and the new version answers them in order', async () => {
  const file = join(folder, 'lapper.mjs');
  writeFileSync(file, version1);
  const reload = steps();
  core = await startTestCore({ apps: [file], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.join('anna');
  writeFileSync(file, version2);
  await core.chat('boss', '//app reload lapper');

  // The old version is stopping: its command is still registered, its gate shut.
  await reload.reached('stop');
  await core.chat('anna', '/lap one');
  await core.finish('anna', 45_000);
  reload.proceed('stop');
  // Between the versions: no 'lapper' code is loaded, the name answers into the hold.
  await reload.reached('migrate');
  assert.equal(core.runtime.commands.find('lap')?.owner, 'lapper');
  await core.chat('anna', '/lap two');
  reload.proceed('migrate');
  // The new version has registered /lap but is still in init().
  await reload.reached('init');
  await core.chat('anna', '/lap three');
  reload.proceed('init');

  await core.waitForChat(/^App 'lapper' reloaded: 1\.0\.0 -> 2\.0\.0, running again in \d+ ms\.$/);
  await core.waitForChat('lap v2 three');
  await core.waitForChat('v2 saw the finish of anna');
  const after = core.sandbox.chatLog.map((chat) => chat.text).filter((text) => /^(lap |v\d saw|Unknown command)/.test(text));
  assert.deepEqual(after, ['lap v2 one', 'v2 saw the finish of anna', 'lap v2 two', 'lap v2 three']);
  assert.deepEqual(core.errors, []);
  await core.chat('anna', '/lap four');
  await core.waitForChat('lap v2 four');
});

it('when the new version fails to start, the calls held during the swap are answered by the old version again', async () => {
  const file = join(folder, 'lapper-failing.mjs');
  writeFileSync(file, version1);
  const reload = steps();
  core = await startTestCore({ apps: [file], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.join('anna');
  writeFileSync(file, `export default {
  id: 'lapper', version: '2.0.0',
  async init(ctx) {
    ctx.command('lap', (call) => call.reply('lap v2 ' + call.args.join(' ')));
    await globalThis.lapperSteps.at('init');
    throw new Error('lapper 2 cannot start');
  },
};
`);
  await core.chat('boss', '//app reload lapper');
  await reload.reached('stop');
  reload.proceed('stop');
  await reload.reached('init');
  await core.chat('anna', '/lap again');
  reload.proceed('init');
  await core.waitForChat("App 'lapper' was not reloaded: its new version did not start: App 'lapper' failed in init(): lapper 2 cannot start Version 1.0.0 runs again.");
  await core.waitForChat('lap v1 again');
  assert.equal(core.sandbox.chatLog.some((chat) => chat.text.startsWith('Unknown command') || chat.text.startsWith('lap v2')), false);
  assert.equal(core.state('lapper'), 'RUNNING');
});

/** A page with one button per player; the version is in what a press says. Version 1's stop() waits at 'stop'. */
function presserSource(version: string, label: string): string {
  return `import { h } from ${JSON.stringify(pitwall)};
export default {
  id: 'presser', version: ${JSON.stringify(version)},
  async init(ctx) {
    await ctx.ui.show('panel', h('quad', { id: 'press', size: [10, 5], onAction: (click) => ctx.server.chat('pressed ${label} by ' + click.login) }));
  },
  async stop() { await globalThis.lapperSteps?.at('stop'); },
};
`;
}

it("a click on an app's page while a reload swaps its versions waits, and the version that runs next handles it", async () => {
  const file = join(folder, 'presser.mjs');
  writeFileSync(file, presserSource('1.0.0', 'v1'));
  const reload = steps();
  core = await startTestCore({ apps: [file], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.join('anna');
  await core.ui.waitForPage('anna', 'pitwall.presser.panel');
  writeFileSync(file, presserSource('2.0.0', 'v2'));
  await core.chat('boss', '//app reload presser');
  await reload.reached('stop');
  // The old version is stopping: the click reaches the controller then, and waits rather than being dropped.
  const received = new Promise<void>((resolve) => {
    const listening = core!.runtime.events.on('playerAnswer', () => (listening.dispose(), resolve()));
  });
  const pressed = core.ui.click('anna', 'press');
  await received;
  reload.proceed('stop');
  await core.waitForChat(/^App 'presser' reloaded: 1\.0\.0 -> 2\.0\.0/);
  assert.equal(await pressed, 'ran');
  await core.waitForChat('pressed v2 by anna');
  assert.equal(core.sandbox.chatLog.some((chat) => chat.text.startsWith('pressed v1')), false);
});

/** A worker app whose stop() says it began and then waits until `file` exists (the test cannot reach its thread). */
const workerSource = (answer: string, file: string): string => `import { existsSync, watch } from 'node:fs';
import { dirname } from 'node:path';
const until = (file) => new Promise((resolve) => {
  const watcher = watch(dirname(file), () => existsSync(file) && (watcher.close(), resolve()));
  if (existsSync(file)) (watcher.close(), resolve());
});
export default {
  id: 'wcounter', version: '1.0.0',
  init(ctx) { ctx.command('count', (call) => call.reply(${JSON.stringify(answer)})); },
  async stop(ctx) { ctx.logger.info('wcounter stops'); await until(${JSON.stringify(file)}); },
};
`;

it('a command typed while a worker app is swapped for its new worker is answered by the new worker', async () => {
  const file = join(folder, 'wcounter.mjs');
  const go = join(folder, 'wcounter-go');
  writeFileSync(file, workerSource('counting the old way', go));
  core = await startTestCore({ apps: [{ id: file, isolation: 'worker' }], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.join('anna');
  writeFileSync(file, workerSource('counting the new way', go));
  await core.chat('boss', '//app reload wcounter');
  await core.waitFor(() => core!.logs.some((entry) => entry.message === 'wcounter stops'), 'the old worker to begin stopping');
  await core.chat('anna', '/count');
  writeFileSync(go, '');
  await core.waitForChat(/^App 'wcounter' reloaded: 1\.0\.0 -> 1\.0\.0, running again in \d+ ms\.$/);
  await core.waitForChat('counting the new way');
  assert.equal(core.sandbox.chatLog.some((chat) => chat.text === 'counting the old way' || chat.text.startsWith('Unknown command')), false);
  assert.deepEqual(core.errors, []);
});
