import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { loadApp } from '../../../core/apps/load.js';
import { PROJECT_ROOT } from '../../../core/reporting/stack.js';
import { startTestCore } from '../../helpers/core.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

it('loads an app from an npm package name, installed from a packed tarball, written in plain JS', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pitwall-npm-app-'));
  const source = join(root, 'source');
  mkdirSync(source);
  writeFileSync(
    join(source, 'package.json'),
    JSON.stringify({ name: 'pitwall-app-lapcount', version: '1.2.0', type: 'module', exports: './index.js', peerDependencies: { pitwall: '*' } }),
  );
  // No build step and no link to Pitwall: an app is a plain object of the right shape.
  writeFileSync(
    join(source, 'index.js'),
    `export default {
  id: 'lapcount',
  version: '1.2.0',
  init(ctx) {
    let laps = 0;
    ctx.on('playerFinish', ({ isEndLap }) => { if (isEndLap) laps++; });
    ctx.command('laps', (call) => call.reply(\`\${laps} lap(s) so far\`));
  },
};
`,
  );
  await run(npm, ['pack', '--pack-destination', root], { cwd: source, timeout: 60_000 });
  const site = join(root, 'site');
  mkdirSync(site);
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'my-server', private: true }));
  await run(npm, ['install', '../pitwall-app-lapcount-1.2.0.tgz', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps'], { cwd: site, timeout: 60_000 });

  const core = await startTestCore({ apps: ['pitwall-app-lapcount'], cwd: site });
  try {
    assert.equal(core.state('lapcount'), 'RUNNING');
    await core.join('anna');
    await core.finish('anna', 25_000);
    await core.chat('anna', '/laps');
    await core.waitForChat('1 lap(s) so far');
  } finally {
    await core.stop();
  }
});

describe("an npm package's entry is what Node resolves from the owner's folder", () => {
  const definition = (id: string): string => `export default { id: '${id}', version: '1.0.0', init() {} };\n`;
  /** A project folder with one package in node_modules: the app under lib/app.js, something else as main. */
  function site(packageJson: Record<string, unknown>): { root: string; packageFolder: string } {
    const root = mkdtempSync(join(tmpdir(), 'pitwall-resolve-'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'my-server', private: true }));
    const packageFolder = join(root, 'node_modules', 'pitwall-app-shaped');
    mkdirSync(join(packageFolder, 'lib'), { recursive: true });
    writeFileSync(join(packageFolder, 'package.json'), JSON.stringify({ name: 'pitwall-app-shaped', version: '1.0.0', type: 'module', main: './main.js', ...packageJson }));
    writeFileSync(join(packageFolder, 'lib', 'app.js'), definition('shaped'));
    writeFileSync(join(packageFolder, 'main.js'), definition('from-main'));
    return { root, packageFolder };
  }
  const bundledFolder = join(PROJECT_ROOT, 'dist', 'apps');

  it("exports { '.': { types, default } }: the default condition", async () => {
    const { root, packageFolder } = site({ exports: { '.': { types: './lib/app.d.ts', default: './lib/app.js' } } });
    const loaded = await loadApp('pitwall-app-shaped', { bundledFolder, cwd: join(root) });
    assert.equal(loaded.definition.id, 'shaped');
    assert.equal(loaded.folder, realpathSync(packageFolder));
  });

  it('exports { import: { types, default } }: the nested import condition, with Pitwall installed in the same project', async () => {
    const { root, packageFolder } = site({ exports: { import: { types: './lib/app.d.ts', default: './lib/app.js' } } });
    // Pitwall as npm installs it beside the app, and the resolver of that copy.
    const installed = join(root, 'node_modules', 'pitwall');
    for (const path of ['package.json', 'dist/core']) cpSync(join(PROJECT_ROOT, path), join(installed, path), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
    const installedLoad = (await import(pathToFileURL(join(installed, 'dist/core/apps/load.js')).href)) as typeof import('../../../core/apps/load.js');
    const loaded = await installedLoad.loadApp('pitwall-app-shaped', { bundledFolder, cwd: root });
    assert.equal(loaded.definition.id, 'shaped');
    assert.equal(loaded.folder, realpathSync(packageFolder));
  });

  it('exports only for import, with Pitwall installed elsewhere: says so instead of loading main', async () => {
    const { root } = site({ exports: { import: { types: './lib/app.d.ts', default: './lib/app.js' } } });
    await assert.rejects(loadApp('pitwall-app-shaped', { bundledFolder, cwd: root }), {
      code: 'PW_ERR_APP_NOT_FOUND',
      message:
        `App 'pitwall-app-shaped' listed in APPS could not be loaded: the package in ${join(root, 'node_modules', 'pitwall-app-shaped')} exports its entry only for import, ` +
        "which Node resolves only from Pitwall's own folder; install pitwall in the same project as the app (npm install pitwall). " +
        'Fix: use a bundled app id (a folder under apps/), an installed npm package name, or a path to a module.',
    });
  });
});
