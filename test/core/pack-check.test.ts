import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { packProblems } from '../../core/pack-check.js';
import { runProcess } from '../helpers/cli.js';

const CHECK = fileURLToPath(new URL('../../core/pack-check.js', import.meta.url));

/** A development clone in miniature: committed bundled apps and settings, and their build output. */
function clone(): string {
  const root = mkdtempSync(join(tmpdir(), 'pitwall-clone-'));
  const write = (path: string, text = ''): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const path of ['apps/welcome/index.ts', 'apps/welcome/messages.ts', 'apps/records/index.ts', 'settings/base.ts']) write(path, `// ${path}\n`);
  write('.gitignore', 'dist/\n');
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=Pitwall', '-c', 'user.email=dev@pitwall.invalid', 'commit', '-qm', 'bundled apps');
  for (const path of ['dist/apps/welcome/index.js', 'dist/apps/records/index.js', 'dist/settings/base.js', 'dist/settings/base.d.ts', 'dist/settings/base.js.map']) write(path);
  return root;
}

describe('npm pack of a development clone (the prepack check)', () => {
  it('passes a clone holding only the committed bundled apps and settings', () => {
    assert.deepEqual(packProblems(clone()), []);
  });

  it("names an app made inside the clone, an edit of the shipped settings and a removed app's build output", () => {
    const root = clone();
    mkdirSync(join(root, 'apps/hello'));
    writeFileSync(join(root, 'apps/hello/index.ts'), 'export default {};\n');
    mkdirSync(join(root, 'dist/apps/hello'));
    mkdirSync(join(root, 'dist/apps/gone'));
    writeFileSync(join(root, 'settings/base.ts'), "export const DEDICATED = { password: 'mine' };\n");
    writeFileSync(join(root, 'settings/local.ts'), 'export const DEBUG = true;\n');
    writeFileSync(join(root, 'dist/settings/local.js'), '');
    assert.deepEqual(packProblems(root), [
      'settings/base.ts: changed since the last commit',
      'apps/hello/index.ts: not part of Pitwall (not committed)',
      'settings/local.ts: not part of Pitwall (not committed)',
      'dist/apps/gone: built from an app that is not one of the bundled apps',
      'dist/apps/hello: built from an app that is not one of the bundled apps',
      'dist/settings/local.js: built from a settings file Pitwall does not ship',
    ]);
  });

  it('as the prepack script, exits 1 with PW_ERR_PACK_DEV_EDITS and the fix', async () => {
    const root = clone();
    mkdirSync(join(root, 'apps/hello'));
    writeFileSync(join(root, 'apps/hello/index.ts'), 'export default {};\n');
    const check = runProcess(process.execPath, [CHECK], {}, root);
    assert.equal((await check.exited).code, 1);
    assert.equal(
      check.output(),
      `PW_ERR_PACK_DEV_EDITS: Refusing to pack ${root}: the package would carry what is not part of Pitwall:\n` +
        '  - apps/hello/index.ts: not part of Pitwall (not committed)\n' +
        'Only the bundled apps and the shipped settings are packed. Fix: make your app a package of its own ' +
        "(pitwall new-app <id> --package <dir>) and keep your settings in an owner project's settings.mjs (pitwall init); " +
        'or, for a change that belongs in Pitwall, commit it; remove stale build output with rm -rf dist && npm run build.\n',
    );
    const clean = runProcess(process.execPath, [CHECK], {}, clone());
    assert.deepEqual([(await clean.exited).code, clean.output()], [0, '']);
  });

  it('guards nothing outside a git checkout (an unpacked tarball)', () => {
    const root = mkdtempSync(join(tmpdir(), 'pitwall-unpacked-'));
    mkdirSync(join(root, 'dist/apps/hello'), { recursive: true });
    assert.deepEqual(packProblems(root), []);
  });

  it("is what this package's prepack runs, after the build", async () => {
    const { readFileSync } = await import('node:fs');
    const { PROJECT_ROOT } = await import('../../core/reporting/stack.js');
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(manifest.scripts.prepack, 'npm run build && node dist/core/pack-check.js');
  });
});
