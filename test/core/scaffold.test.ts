import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../core/reporting/stack.js';
import { APP_DEV_DEPENDENCIES, pitwallDependency, scaffoldApp } from '../../core/scaffold.js';
import { initOwnerProject } from '../../core/owner-project.js';
import { CLI } from '../helpers/cli.js';

const run = promisify(execFile);
/** The environment for a nested `node --test`, without the parent runner's reporting channel. */
const { NODE_TEST_CONTEXT: _parentRunner, ...childEnv } = process.env;
const tsc = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc');

/**
 * Runs one compiled test file in a child `node --test` and returns its counts. The TAP reporter is asked for
 * by name: the default reporter's summary differs between Node versions (spec on a terminal or on Node 24).
 */
async function runTestFile(file: string): Promise<{ pass: number; fail: number }> {
  const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', file], { timeout: 60_000, env: childEnv });
  const count = (name: string): number => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(stdout)?.[1] ?? NaN);
  return { pass: count('pass'), fail: count('fail') };
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Copies packages (and the dependencies they have installed here) from this clone's node_modules into `folder`'s. */
function provideFromThisClone(folder: string, names: string[]): void {
  const seen = new Set<string>();
  const copy = (name: string): void => {
    const source = join(PROJECT_ROOT, 'node_modules', name);
    if (seen.has(name) || !existsSync(source)) return;
    seen.add(name);
    cpSync(realpathSync(source), join(folder, 'node_modules', name), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { dependencies?: object; optionalDependencies?: object };
    for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) copy(dependency);
  };
  for (const name of names) copy(name);
}

/** A copy of this project's sources (no tests of ours) sharing its node_modules. */
function projectCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'pitwall-scaffold-'));
  for (const path of ['core', 'apps', 'settings', 'tsconfig.json', 'package.json']) cpSync(join(PROJECT_ROOT, path), join(root, path), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

describe('pitwall new-app', () => {
  it('creates an app inside the project whose test builds and passes with no edits', async () => {
    const root = projectCopy();
    const files = scaffoldApp('hello', { kind: 'project', root });
    assert.deepEqual(files, [join(root, 'apps/hello/index.ts'), join(root, 'apps/hello/README.md'), join(root, 'test/apps/hello.test.ts')]);
    await run(tsc, ['-p', join(root, 'tsconfig.json')], { timeout: 120_000 });
    assert.deepEqual(await runTestFile(join(root, 'dist/test/apps/hello.test.js')), { pass: 3, fail: 0 });
  });

  it('creates a standalone npm package that depends on pitwall as a peer, builds and passes its test', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'pitwall-package-')), 'lap-counter');
    scaffoldApp('lap-counter', { kind: 'package', folder });
    // What `npm install` would put there: Pitwall itself, TypeScript and Node's types.
    mkdirSync(join(folder, 'node_modules', '@types'), { recursive: true });
    symlinkSync(PROJECT_ROOT, join(folder, 'node_modules', 'pitwall'), 'dir');
    symlinkSync(join(PROJECT_ROOT, 'node_modules', 'typescript'), join(folder, 'node_modules', 'typescript'), 'dir');
    symlinkSync(join(PROJECT_ROOT, 'node_modules', '@types', 'node'), join(folder, 'node_modules', '@types', 'node'), 'dir');
    await run(tsc, ['-p', join(folder, 'tsconfig.json')], { timeout: 120_000 });
    assert.deepEqual(await runTestFile(join(folder, 'dist/test/index.test.js')), { pass: 3, fail: 0 });
  });

  it('run from a project that installed Pitwall as a package, writes into that project and not into node_modules', async () => {
    const site = mkdtempSync(join(tmpdir(), 'pitwall-site-'));
    // No "type": "module": the app must still compile to ES modules, as Pitwall is ESM-only.
    writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'my-server', private: true }));
    // Pitwall as npm installs it: a real folder (not a link back to this tree) with its compiled dist.
    const installed = join(site, 'node_modules', 'pitwall');
    for (const path of ['package.json', 'dist/core', 'dist/apps', 'dist/settings', 'settings']) cpSync(join(PROJECT_ROOT, path), join(installed, path), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
    mkdirSync(join(site, 'node_modules', '@types'));
    symlinkSync(join(PROJECT_ROOT, 'node_modules', 'typescript'), join(site, 'node_modules', 'typescript'), 'dir');
    symlinkSync(join(PROJECT_ROOT, 'node_modules', '@types', 'node'), join(site, 'node_modules', '@types', 'node'), 'dir');
    mkdirSync(join(site, 'config'));

    // From a subfolder of the project, as a user might; the installed CLI is what `npx pitwall` runs.
    const { stdout } = await run(process.execPath, [join(installed, CLI.slice(PROJECT_ROOT.length + 1)), 'new-app', 'hello'], {
      cwd: join(site, 'config'),
      timeout: 60_000,
      env: { ...childEnv, DO_NOT_TRACK: '1' },
    });
    assert.equal(
      stdout,
      `Created app 'hello':\n${['apps/hello/index.mts', 'apps/hello/README.md', 'test/apps/hello.test.mts', 'tsconfig.json'].map((path) => `  ${join(site, path)}`).join('\n')}\n` +
        "Next: npx tsc -p tsconfig.json && node --test dist/test/apps/hello.test.mjs runs its test; add './dist/apps/hello/index.mjs' to APPS, then pitwall start.\n",
    );
    assert.equal(existsSync(join(installed, 'apps')), false);
    assert.match(readFileSync(join(site, 'apps/hello/index.mts'), 'utf8'), /^import \{ defineApp, defineDatabase, type Kysely \} from 'pitwall';$/m);
    await run(tsc, ['-p', join(site, 'tsconfig.json')], { timeout: 120_000 });
    assert.deepEqual(await runTestFile(join(site, 'dist/test/apps/hello.test.mjs')), { pass: 3, fail: 0 });
    // The APPS entry the message gives loads, through the installed Pitwall.
    const installedLoad = (await import(pathToFileURL(join(installed, 'dist/core/apps/load.js')).href)) as typeof import('../../core/apps/load.js');
    const loaded = await installedLoad.loadApp('./dist/apps/hello/index.mjs', { bundledFolder: join(installed, 'dist/apps'), cwd: site });
    assert.equal(loaded.definition.id, 'hello');
  });

  it('in an owner project made by pitwall init, writes index.tsx importing pitwall and a tsconfig with the JSX settings, and names the dev dependencies to install', async () => {
    const site = mkdtempSync(join(tmpdir(), 'pitwall-owner-site-'));
    initOwnerProject(site);
    const installed = join(site, 'node_modules', 'pitwall');
    for (const path of ['package.json', 'dist/core', 'dist/apps', 'dist/settings', 'settings']) cpSync(join(PROJECT_ROOT, path), join(installed, path), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
    const cli = join(installed, CLI.slice(PROJECT_ROOT.length + 1));
    const { stdout } = await run(process.execPath, [cli, 'new-app', 'hello'], { cwd: site, timeout: 60_000, env: { ...childEnv, DO_NOT_TRACK: '1' } });
    assert.equal(
      stdout,
      `Created app 'hello':\n${['apps/hello/index.tsx', 'apps/hello/README.md', 'test/apps/hello.test.ts', 'tsconfig.json'].map((path) => `  ${join(site, path)}`).join('\n')}\n` +
        'It compiles with typescript and @types/node, not installed here: npm install --save-dev typescript@^7.0.2 @types/node@^20.19.0\n' +
        "Next: npx tsc -p tsconfig.json && node --test dist/test/apps/hello.test.js runs its test; add './dist/apps/hello/index.js' to APPS, then pitwall start.\n",
    );
    const source = readFileSync(join(site, 'apps/hello/index.tsx'), 'utf8');
    assert.match(source, /^import \{ defineApp, defineDatabase, type Kysely \} from 'pitwall';$/m);
    assert.match(source, /<label /);
    const tsconfig = JSON.parse(readFileSync(join(site, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
    assert.deepEqual([tsconfig.compilerOptions.jsx, tsconfig.compilerOptions.jsxImportSource], ['react-jsx', 'pitwall']);
    // What the printed command installs.
    mkdirSync(join(site, 'node_modules', '@types'));
    symlinkSync(join(PROJECT_ROOT, 'node_modules', 'typescript'), join(site, 'node_modules', 'typescript'), 'dir');
    symlinkSync(join(PROJECT_ROOT, 'node_modules', '@types', 'node'), join(site, 'node_modules', '@types', 'node'), 'dir');
    await run(tsc, ['-p', join(site, 'tsconfig.json')], { timeout: 120_000 });
    assert.deepEqual(await runTestFile(join(site, 'dist/test/apps/hello.test.js')), { pass: 3, fail: 0 });
    const installedLoad = (await import(pathToFileURL(join(installed, 'dist/core/apps/load.js')).href)) as typeof import('../../core/apps/load.js');
    const loaded = await installedLoad.loadApp('./dist/apps/hello/index.js', { bundledFolder: join(installed, 'dist/apps'), cwd: site });
    assert.equal(loaded.definition.id, 'hello');
  });

  it('--package from a clone depends on that clone with file:, so npm install && npm test work before Pitwall is published', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'pitwall-package-')), 'lap-counter');
    const { stdout } = await run(process.execPath, [CLI, 'new-app', 'lap-counter', '--package', folder], { timeout: 60_000, env: { ...childEnv, DO_NOT_TRACK: '1' } });
    assert.ok(
      stdout.endsWith(
        `Next: cd ${folder} && npm install && npm test\n` +
          `Its dev dependency pitwall is file:${PROJECT_ROOT} (this clone; build it first with npm run build here), until Pitwall is on npm.\n`,
      ),
      stdout,
    );
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; peerDependencies: Record<string, string> };
    assert.deepEqual(manifest.devDependencies, { pitwall: `file:${PROJECT_ROOT}`, typescript: '^7.0.2', '@types/node': '^20.19.0' });
    assert.deepEqual(manifest.peerDependencies, { pitwall: '>=0.1.0' });
    assert.match(readFileSync(join(folder, 'README.md'), 'utf8'), /make it `"pitwall": "\^0\.1\.0"` and run `npm install`/);
    assert.equal(pitwallDependency('/srv/site/node_modules/pitwall'), '^0.1.0');

    // The next steps, as printed, offline: the registry's part (TypeScript, Node's types) is put where npm finds
    // it already installed; pitwall comes from the file: link to this clone.
    provideFromThisClone(folder, Object.keys(APP_DEV_DEPENDENCIES));
    await run(npm, ['install'], { cwd: folder, timeout: 120_000, env: { ...childEnv, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' } });
    assert.equal(realpathSync(join(folder, 'node_modules', 'pitwall')), realpathSync(PROJECT_ROOT));
    // Exit 0 or run() throws; the summary's wording differs by reporter (TAP on Node 20, spec on 22+).
    const { stdout: tested } = await run(npm, ['test'], { cwd: folder, timeout: 180_000, env: { ...childEnv, npm_config_offline: 'true' } });
    assert.match(tested, /^\W*pass 3$/m);
    assert.match(tested, /^\W*fail 0$/m);
  });

  it('refuses an invalid name and an existing app, saying how to fix it', () => {
    const root = projectCopy();
    assert.throws(() => scaffoldApp('Hello World', { kind: 'project', root }), {
      code: 'PW_ERR_NEW_APP_NAME',
      message: "Cannot create app 'Hello World': an app id is 1-64 lower-case letters, digits, - or _, starting with a letter. Fix: choose a name like 'lap-counter'.",
    });
    assert.throws(() => scaffoldApp('welcome', { kind: 'project', root }), {
      code: 'PW_ERR_NEW_APP_EXISTS',
      message: `Cannot create app 'welcome': ${join(root, 'apps/welcome')} already exists. Fix: choose another id, or remove it first.`,
    });
  });
});
