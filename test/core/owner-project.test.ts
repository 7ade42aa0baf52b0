import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSettings } from '../../core/config/loader.js';
import { initOwnerProject } from '../../core/owner-project.js';
import { baseSettings } from '../helpers/core.js';
import { CLI, runProcess } from '../helpers/cli.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'pitwall-owner-'));
const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('pitwall init', () => {
  it("writes settings.mjs, a systemd unit and a .gitignore, and adds the module type, dependency and scripts to npm init's package.json", () => {
    const root = folder();
    // What `npm init -y` writes with npm 11.
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'my-server', version: '1.0.0', main: 'index.js', scripts: { test: 'echo "Error: no test specified" && exit 1' }, type: 'commonjs' }));
    const result = initOwnerProject(root, { node: '/usr/bin/node', user: 'pitwall' });
    assert.deepEqual(result.written, [join(root, 'settings.mjs'), join(root, 'pitwall.service'), join(root, '.gitignore')]);
    assert.deepEqual(result.packageChanges, ['"type": "module"', 'dependency pitwall ^0.1.0', 'script start', 'script status', 'script sandbox']);
    assert.deepEqual(json(join(root, 'package.json')), {
      name: 'my-server',
      version: '1.0.0',
      main: 'index.js',
      scripts: { test: 'echo "Error: no test specified" && exit 1', start: 'pitwall start', status: 'pitwall status', sandbox: 'pitwall sandbox' },
      type: 'module',
      dependencies: { pitwall: '^0.1.0' },
    });
    assert.equal(readFileSync(join(root, '.gitignore'), 'utf8'), 'node_modules/\ndist/\nvar/\n*.tgz\n');
    const unit = readFileSync(join(root, 'pitwall.service'), 'utf8');
    assert.match(unit, new RegExp(`^WorkingDirectory=${root}$`, 'm'));
    assert.match(unit, new RegExp(`^ExecStart=/usr/bin/node ${join(root, 'node_modules/pitwall/dist/core/cli.js')} start$`, 'm'));
    assert.match(unit, /^User=pitwall$/m);
    assert.match(unit, /^KillSignal=SIGTERM$/m);
  });

  it('writes settings that load and validate as they are, with the bundled apps', async () => {
    const root = folder();
    initOwnerProject(root);
    const settings = await loadSettings({ base: baseSettings(), env: {}, projectFile: join(root, 'settings.mjs') });
    assert.deepEqual(settings.APPS, ['welcome', 'admin', 'records', 'maps']);
    assert.equal(settings.SANDBOX, true);
    assert.equal(settings.DATA_DIR, 'var');
  });

  it("keeps the owner's files and scripts, and says so", () => {
    const root = folder();
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'mine', type: 'module', scripts: { start: 'node run.js' }, dependencies: { pitwall: 'file:../pitwall' } }));
    writeFileSync(join(root, 'settings.mjs'), 'export const DEBUG = true;\n');
    const result = initOwnerProject(root);
    assert.deepEqual(result.kept, [join(root, 'settings.mjs')]);
    assert.deepEqual(result.packageChanges, ['script status', 'script sandbox']);
    assert.equal(readFileSync(join(root, 'settings.mjs'), 'utf8'), 'export const DEBUG = true;\n');
    assert.deepEqual(json(join(root, 'package.json')).scripts, { start: 'node run.js', status: 'pitwall status', sandbox: 'pitwall sandbox' });
    assert.deepEqual(json(join(root, 'package.json')).dependencies, { pitwall: 'file:../pitwall' });
  });

  it('refuses a package.json that is not JSON, naming it and the fix', () => {
    const root = folder();
    writeFileSync(join(root, 'package.json'), '{ name: ');
    assert.throws(() => initOwnerProject(root), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PW_ERR_INIT_PACKAGE_JSON');
      assert.ok(error.message.startsWith(`Cannot set up an owner project here: ${join(root, 'package.json')} cannot be read (`), error.message);
      assert.ok(error.message.endsWith('Fix: repair that package.json (or remove it to have a new one written), then run pitwall init again.'));
      return true;
    });
  });

  it("refuses to make Pitwall's own folder an owner project of itself", () => {
    const root = folder();
    assert.throws(() => initOwnerProject(root, { pitwallRoot: root }), {
      code: 'PW_ERR_INIT_IN_PITWALL',
      message:
        `Cannot set up an owner project in ${root}: it is Pitwall's own folder. ` +
        'Fix: run pitwall init in a folder of your own (mkdir my-server && cd my-server && npm init -y && npm install <pitwall>).',
    });
    assert.equal(existsSync(join(root, 'settings.mjs')), false);
  });

  it('from the command line, prints what it wrote and what to do next', async () => {
    const root = folder();
    const inRoot = runProcess(process.execPath, [CLI, 'init'], {}, root);
    const { code } = await inRoot.exited;
    assert.equal(code, 0, inRoot.output());
    assert.equal(
      inRoot.output(),
      [
        'package.json: created it, "type": "module", dependency pitwall ^0.1.0, script start, script status, script sandbox',
        `Wrote ${join(root, 'settings.mjs')}`,
        `Wrote ${join(root, 'pitwall.service')}`,
        `Wrote ${join(root, '.gitignore')}`,
        'Next: edit settings.mjs (DEDICATED, SANDBOX, APPS), then npx pitwall start (or npm start).',
        '',
      ].join('\n'),
    );
  });
});
