import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import type { Settings } from '../../core/config/schema.js';
import { SETTINGS_USAGE, settingsCli } from '../../core/settings-cli.js';
import { runCli } from '../helpers/cli.js';
import { startTestCore, testSettings } from '../helpers/core.js';

let dataDir: string;
let settings: Settings;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pitwall-settings-cli-'));
  settings = testSettings({ DATA_DIR: dataDir, APPS: ['welcome', 'records', 'admin'], APP_SETTINGS: { welcome: { privately: true } } });
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await settingsCli(args, settings, { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const APPLIES = 'A running controller applies it within a few seconds; one that starts later reads it at start.';

it('pitwall settings list shows each value and where it comes from; set and --reset change the database', async () => {
  const before = await run('list');
  assert.equal(before.code, 0);
  assert.match(before.out, /^welcome\.privately = true \(settings file\)$/m);
  assert.match(before.out, /^records\.listed = 5 \(default\)$/m);
  assert.deepEqual(await run('set', 'records.listed', '12'), { code: 0, out: `records.listed is now 12. ${APPLIES}\n`, err: '' });
  assert.match((await run('list')).out, /^records\.listed = 12 \(live, set by cli at \d{4}-\d\d-\d\dT[\d:.]+Z; file: 5\)$/m);
  assert.deepEqual(await run('set', 'records.listed', '--reset'), { code: 0, out: `records.listed is back to the settings file's value. ${APPLIES}\n`, err: '' });
  assert.deepEqual(await run('set', 'records.listed', '--reset'), { code: 0, out: 'records.listed has no live value; it already follows the settings file.\n', err: '' });
  assert.match((await run('list')).out, /^records\.listed = 5 \(default\)$/m);
});

it('pitwall settings refuses bad input with one line and stores nothing', async () => {
  assert.deepEqual(await run('set', 'records.listed', '80'), { code: 1, out: '', err: "Setting 'records.listed' was not changed: must be at most 50, got 80; expected a whole number >= 1 and <= 50.\n" });
  assert.deepEqual(await run('set', 'records.listed', 'ten'), { code: 1, out: '', err: 'Setting \'records.listed\' was not changed: must be a number, got string "ten"; expected a whole number >= 1 and <= 50.\n' });
  assert.deepEqual(await run('set', 'records.colour', 'red'), { code: 1, out: '', err: "Setting 'records.colour' was not changed: 'colour' is not a setting of app 'records' (known: listed, widgetTop, widgetBefore, widgetAfter, announceTop).\n" });
  // Own keys only: what every object inherits is not a setting.
  assert.deepEqual(await run('set', 'records.constructor', 'x'), { code: 1, out: '', err: "Setting 'records.constructor' was not changed: 'constructor' is not a setting of app 'records' (known: listed, widgetTop, widgetBefore, widgetAfter, announceTop).\n" });
  assert.deepEqual(await run('set', 'records.toString', '--reset'), { code: 1, out: '', err: "Setting 'records.toString' was not changed: 'toString' is not a setting of app 'records' (known: listed, widgetTop, widgetBefore, widgetAfter, announceTop).\n" });
  const refused = (command: string, problem: string) => `PW_ERR_CLI_ARGUMENT: Cannot run 'pitwall ${command}': ${problem}. Fix: use only the options and arguments the usage lists (pitwall help prints it).\n${SETTINGS_USAGE}`;
  assert.deepEqual(await run('set', 'records.listed', '--bogus'), { code: 2, out: '', err: refused('settings set', "unknown option '--bogus'") });
  assert.deepEqual(await run('list', '--reset'), { code: 2, out: '', err: refused('settings list', "unknown option '--reset'") });
  assert.deepEqual(await run('list', 'records'), { code: 2, out: '', err: refused('settings list', "unexpected argument 'records'") });
  // One dash starts a value, not an option: the app's schema judges it.
  assert.deepEqual(await run('set', 'records.listed', '-5'), { code: 1, out: '', err: "Setting 'records.listed' was not changed: must be at least 1, got -5; expected a whole number >= 1 and <= 50.\n" });
  assert.deepEqual(await run('set', 'nope.listed', '3'), { code: 1, out: '', err: "Setting was not changed: there is no app 'nope' (loaded: welcome, records, admin). Fix: name a setting as <app>.<key>, e.g. records.listed.\n" });
  assert.deepEqual(await run('set', 'records', '3'), { code: 2, out: '', err: `'records' is not a setting name: expected <app>.<key>, e.g. records.listed.\n${SETTINGS_USAGE}` });
  assert.deepEqual(await run('set', 'records.listed'), { code: 2, out: '', err: SETTINGS_USAGE });
  assert.deepEqual(await run('set'), { code: 2, out: '', err: SETTINGS_USAGE });
  assert.deepEqual(await run('drop'), { code: 2, out: '', err: `Unknown settings command 'drop'.\n${SETTINGS_USAGE}` });
  assert.match((await run('list')).out, /^records\.listed = 5 \(default\)$/m);
});

it('a running controller on the same database picks up a change made with pitwall settings', async () => {
  const core = await startTestCore({ apps: ['records'], settings: { DATA_DIR: dataDir } });
  try {
    settings = { ...settings, DATA_DIR: core.dataDir };
    assert.equal((await run('set', 'records.listed', '2')).code, 0);
    await core.runtime.appSettings.refresh();
    assert.equal(core.runtime.appSettings.settingsOf('records')?.listed, 2);
    assert.ok(core.logs.some((entry) => entry.message === "App 'records' restarts to apply its changed setting listed"));
    assert.equal(core.state('records'), 'RUNNING');
  } finally {
    await core.stop();
  }
});

it('the controller reads changes made elsewhere on its own schedule', async () => {
  const core = await startTestCore({ apps: ['records'], settings: { DATA_DIR: dataDir }, liveSettingsPollMs: 20 });
  try {
    settings = { ...settings, DATA_DIR: core.dataDir };
    assert.equal((await run('set', 'records.listed', '3')).code, 0);
    await core.waitFor(() => core.runtime.appSettings.settingsOf('records')?.listed === 3, 'the polled change');
    assert.equal((await run('set', 'records.listed', '--reset')).code, 0);
    await core.waitFor(() => core.runtime.appSettings.settingsOf('records')?.listed === 5, 'the polled reset');
  } finally {
    await core.stop();
  }
});

it('the pitwall bin runs the settings command against DATA_DIR\'s database', async () => {
  const set = runCli(['settings', 'set', 'records.listed', '7'], { PITWALL_DATA_DIR: dataDir });
  assert.deepEqual(await set.exited, { code: 0, signal: null });
  assert.equal(set.output(), `records.listed is now 7. ${APPLIES}\n`);
  const bad = runCli(['settings', 'set', 'records.listed', '0'], { PITWALL_DATA_DIR: dataDir });
  assert.deepEqual(await bad.exited, { code: 1, signal: null });
  assert.equal(bad.output(), "Setting 'records.listed' was not changed: must be at least 1, got 0; expected a whole number >= 1 and <= 50.\n");
  const list = runCli(['settings', 'list'], { PITWALL_DATA_DIR: dataDir });
  assert.deepEqual(await list.exited, { code: 0, signal: null });
  assert.match(list.output(), /^records\.listed = 7 \(live, set by cli at .+; file: 5\)$/m);
});
