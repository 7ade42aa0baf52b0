import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSettings } from '../../../core/config/loader.js';
import { configuredSecrets } from '../../../core/config/schema.js';
import { PitwallError } from '../../../core/errors.js';
import { baseSettings } from '../../helpers/core.js';

const folder = mkdtempSync(join(tmpdir(), 'pitwall-settings-'));
function overrideFile(name: string, source: string): string {
  const file = join(folder, name);
  writeFileSync(file, source);
  return file;
}

async function settingsError(env: NodeJS.ProcessEnv, base = baseSettings()): Promise<PitwallError> {
  try {
    await loadSettings({ base, env });
  } catch (error) {
    assert.ok(error instanceof PitwallError);
    return error;
  }
  assert.fail('expected the settings to be rejected');
}

describe('settings precedence', () => {
  it('uses settings/base.ts when nothing overrides it', async () => {
    const settings = await loadSettings({ base: baseSettings(), env: {} });
    assert.equal(settings.LOGGING_REPORTING, 3);
    assert.equal(settings.ANALYTICS, true);
    assert.deepEqual(settings.DEDICATED, { host: '127.0.0.1', port: 5000, user: 'SuperAdmin', password: 'SuperAdmin' });
  });

  it('lets the PITWALL_SETTINGS file override keys, merging nested objects', async () => {
    const file = overrideFile('local.mjs', "export const LOGGING_REPORTING = 1;\nexport const DEDICATED = { port: 5005 };\n");
    const settings = await loadSettings({ base: baseSettings(), env: { PITWALL_SETTINGS: file } });
    assert.equal(settings.LOGGING_REPORTING, 1);
    assert.deepEqual(settings.DEDICATED, { host: '127.0.0.1', port: 5005, user: 'SuperAdmin', password: 'SuperAdmin' });
  });

  it('accepts a default-exported object as the override file', async () => {
    const file = overrideFile('default.mjs', 'export default { DEBUG: true };\n');
    const settings = await loadSettings({ base: baseSettings(), env: { PITWALL_SETTINGS: file } });
    assert.equal(settings.DEBUG, true);
  });

  it('lets PITWALL_<KEY> variables override the file, with __ for nested keys and JSON values', async () => {
    const file = overrideFile('port.mjs', 'export const DEDICATED = { port: 5005 };\nexport const LOGGING_REPORTING = 1;\n');
    const settings = await loadSettings({
      base: baseSettings(),
      env: {
        PITWALL_SETTINGS: file,
        PITWALL_DEDICATED__PORT: '5001',
        PITWALL_LOGGING_REPORTING: '2',
        PITWALL_APPS: '["welcome","admin"]',
        PITWALL_DEDICATED__PASSWORD: 'not json: plain string',
      },
    });
    assert.equal(settings.DEDICATED.port, 5001);
    assert.equal(settings.DEDICATED.password, 'not json: plain string');
    assert.equal(settings.LOGGING_REPORTING, 2);
    assert.deepEqual(settings.APPS, ['welcome', 'admin']);
  });

  it('sets an app setting from the environment', async () => {
    const settings = await loadSettings({ base: baseSettings(), env: { PITWALL_APP_SETTINGS__WELCOME__MESSAGE: 'Hi' } });
    assert.deepEqual(settings.APP_SETTINGS, { welcome: { message: 'Hi' } });
  });

  it('lists the configured secret values for redaction', async () => {
    const settings = await loadSettings({
      base: baseSettings(),
      env: { PITWALL_REPORTING_DSN: 'https://abc@example.invalid/1', PITWALL_DEDICATED__PASSWORD: 's3cret' },
    });
    assert.deepEqual(configuredSecrets(settings), ['s3cret', 'https://abc@example.invalid/1']);
  });
});

describe('settings errors', () => {
  it('names an out-of-range value, the variable it came from and the fix', async () => {
    const error = await settingsError({ PITWALL_LOGGING_REPORTING: '7' });
    assert.equal(error.code, 'PW_ERR_SETTINGS');
    assert.equal(
      error.message,
      'Invalid settings (1 problem):\n' +
        '  - LOGGING_REPORTING = 7 (from env PITWALL_LOGGING_REPORTING): must be at most 3. ' +
        'Fix: set LOGGING_REPORTING to 0, 1, 2 or 3 (0 sends nothing; see docs/privacy.md).',
    );
  });

  it('names a wrong type in a nested key', async () => {
    const error = await settingsError({ PITWALL_DEDICATED__PORT: 'five' });
    assert.equal(
      error.message,
      'Invalid settings (1 problem):\n' +
        '  - DEDICATED.port = "five" (from env PITWALL_DEDICATED__PORT): expected a number, got a string. ' +
        "Fix: set DEDICATED to { host: '127.0.0.1', port: 5000, user: 'SuperAdmin', password: '...' }.",
    );
  });

  it('names an unknown key from the override file and suggests the near miss', async () => {
    const file = overrideFile('typo.mjs', 'export const LOGING_REPORTING = 1;\n');
    const error = await settingsError({ PITWALL_SETTINGS: file });
    assert.equal(
      error.message,
      'Invalid settings (1 problem):\n' +
        `  - LOGING_REPORTING (from override file ${file}): unknown setting. ` +
        "Fix: remove it or check its spelling against settings/base.ts (did you mean 'LOGGING_REPORTING'?).",
    );
  });

  it('rejects an unknown environment setting', async () => {
    const error = await settingsError({ PITWALL_NOPE: '1' });
    assert.equal(
      error.message,
      'Invalid settings (1 problem):\n' +
        '  - NOPE (from env PITWALL_NOPE): unknown setting. Fix: remove it or check its spelling against settings/base.ts.',
    );
  });

  it('reports every problem at once, a fractional number and a wrong base value among them', async () => {
    const base = { ...baseSettings(), APP_HOOK_TIMEOUT_MS: 10.5 };
    const error = await settingsError({ PITWALL_DEBUG: '"yes"', PITWALL_APPS: '[1]' }, base);
    assert.equal(
      error.message,
      'Invalid settings (3 problems):\n' +
        '  - DEBUG = "yes" (from env PITWALL_DEBUG): expected a boolean, got a string. Fix: set DEBUG to true or false.\n' +
        "  - APPS[0] = 1 (from env PITWALL_APPS): expected a string, got a number. Fix: set APPS to a list of app names, e.g. ['welcome', 'admin'].\n" +
        '  - APP_HOOK_TIMEOUT_MS = 10.5 (from settings/base.ts): must be a whole number. ' +
        'Fix: set APP_HOOK_TIMEOUT_MS to a whole number of milliseconds from 100 to 600000.',
    );
  });

  it('never prints the dedicated password', async () => {
    const error = await settingsError({ PITWALL_DEDICATED__PASSWORD: '12345' });
    assert.match(error.message, /DEDICATED\.password = \*\*\*\*\*\*\*\* \(from env PITWALL_DEDICATED__PASSWORD\): expected a string, got a number/);
    assert.doesNotMatch(error.message, /12345/);
  });

  it('names a missing override file', async () => {
    const file = join(folder, 'missing.mjs');
    await assert.rejects(loadSettings({ base: baseSettings(), env: { PITWALL_SETTINGS: file } }), {
      code: 'PW_ERR_SETTINGS_FILE',
      message:
        `Cannot load the settings override file '${file}' named by PITWALL_SETTINGS: the file does not exist. ` +
        'Fix: point PITWALL_SETTINGS at an ES module whose exports override keys of settings/base.ts: a .mjs file, or a .js file with "type": "module" in the package.json beside it.',
    });
  });

  it('names an override file that throws while loading', async () => {
    const file = overrideFile('broken.mjs', "throw new Error('bad line');\n");
    await assert.rejects(loadSettings({ base: baseSettings(), env: { PITWALL_SETTINGS: file } }), {
      code: 'PW_ERR_SETTINGS_FILE',
      message:
        `Cannot load the settings override file '${file}' named by PITWALL_SETTINGS: bad line. ` +
        'Fix: point PITWALL_SETTINGS at an ES module whose exports override keys of settings/base.ts: a .mjs file, or a .js file with "type": "module" in the package.json beside it.',
    });
  });
});

describe("an owner project's settings.mjs", () => {
  it('overrides settings/base.ts, and is overridden by PITWALL_SETTINGS and the environment', async () => {
    const project = overrideFile('project-settings.mjs', "export const APPS = ['welcome'];\nexport const DEDICATED = { port: 5010, password: 'from-project' };\nexport const DEBUG = true;\n");
    const alone = await loadSettings({ base: baseSettings(), env: {}, projectFile: project });
    assert.deepEqual(alone.APPS, ['welcome']);
    assert.deepEqual(alone.DEDICATED, { host: '127.0.0.1', port: 5010, user: 'SuperAdmin', password: 'from-project' });
    const local = overrideFile('over-project.mjs', 'export const DEDICATED = { port: 5011 };\n');
    const layered = await loadSettings({ base: baseSettings(), env: { PITWALL_SETTINGS: local, PITWALL_DEBUG: 'false' }, projectFile: project });
    assert.deepEqual(layered.DEDICATED, { host: '127.0.0.1', port: 5011, user: 'SuperAdmin', password: 'from-project' });
    assert.equal(layered.DEBUG, false);
  });

  it('is optional: a project without one runs on settings/base.ts', async () => {
    const settings = await loadSettings({ base: baseSettings(), env: {}, projectFile: join(folder, 'no-such', 'settings.mjs') });
    assert.equal(settings.LOGGING_REPORTING, 3);
  });

  it('names itself as the source of a wrong value', async () => {
    const project = overrideFile('wrong-project.mjs', 'export const LOGGING_REPORTING = 7;\n');
    await assert.rejects(loadSettings({ base: baseSettings(), env: {}, projectFile: project }), (error: PitwallError) => {
      assert.equal(error.code, 'PW_ERR_SETTINGS');
      assert.match(error.message, new RegExp(`LOGGING_REPORTING = 7 \\(from project file ${project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): must be at most 3`));
      return true;
    });
  });

  it('that fails to load says to keep it an ES module', async () => {
    const project = overrideFile('broken-project.mjs', "throw new Error('bad line');\n");
    await assert.rejects(loadSettings({ base: baseSettings(), env: {}, projectFile: project }), {
      code: 'PW_ERR_SETTINGS_FILE',
      message:
        `Cannot load the project's settings file '${project}': bad line. ` +
        'Fix: correct settings.mjs; it is an ES module whose exports override keys of settings/base.ts ' +
        '(keep the .mjs name: a .js file is an ES module only with "type": "module" in the package.json beside it).',
    });
  });

  it('a .js override with export in a CommonJS project fails with the fix that names .mjs and "type": "module"', async () => {
    const project = mkdtempSync(join(tmpdir(), 'pitwall-cjs-'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-server', type: 'commonjs' }));
    const file = join(project, 'settings.js');
    writeFileSync(file, 'export const DEBUG = true;\n');
    await assert.rejects(loadSettings({ base: baseSettings(), env: { PITWALL_SETTINGS: file } }), (error: PitwallError) => {
      assert.equal(error.code, 'PW_ERR_SETTINGS_FILE');
      assert.ok(error.message.startsWith(`Cannot load the settings override file '${file}' named by PITWALL_SETTINGS: `), error.message);
      assert.ok(error.message.endsWith('Fix: point PITWALL_SETTINGS at an ES module whose exports override keys of settings/base.ts: a .mjs file, or a .js file with "type": "module" in the package.json beside it.'));
      return true;
    });
  });
});
