import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PitwallError } from './errors.js';

/**
 * `npm pack` (and `npm publish`) of Pitwall itself runs this from `prepack`: in a development clone, what gets
 * packed under apps and settings must be the bundled apps and the shipped settings, not an owner's or an app
 * developer's work (an app made with `new-app` inside the clone, a password in settings/base.ts, the build
 * output of an app since removed). Bundled and shipped means committed: tracked by git, unchanged.
 */
export function packProblems(root: string): string[] {
  // Not a git checkout (an unpacked tarball, a copy): there is no development clone to guard.
  if (!existsSync(join(root, '.git'))) return [];
  const git = (...args: string[]): string[] =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((line) => line !== '');
  const problems: string[] = [];
  for (const line of git('status', '--porcelain=v1', '--untracked-files=all', '--', 'apps', 'settings')) {
    const path = line.slice(3);
    problems.push(line.startsWith('??') ? `${path}: not part of Pitwall (not committed)` : `${path}: changed since the last commit`);
  }
  const tracked = git('ls-files', '--', 'apps', 'settings');
  const bundledApps = new Set(tracked.filter((path) => path.startsWith('apps/')).map((path) => path.split('/')[1]!));
  const shippedSettings = new Set(tracked.filter((path) => path.startsWith('settings/')).map((path) => path.slice('settings/'.length).replace(/\.tsx?$/, '')));
  const built = (folder: string): string[] => (existsSync(join(root, folder)) ? readdirSync(join(root, folder)) : []);
  for (const name of built('dist/apps')) {
    if (!bundledApps.has(name)) problems.push(`dist/apps/${name}: built from an app that is not one of the bundled apps`);
  }
  for (const name of built('dist/settings')) {
    if (!shippedSettings.has(name.replace(/(\.d)?\.js(\.map)?$|\.d\.ts(\.map)?$/, ''))) problems.push(`dist/settings/${name}: built from a settings file Pitwall does not ship`);
  }
  return problems;
}

/** Run as a script (`node dist/core/pack-check.js` in prepack): exit 1 with the problems, for the folder npm packs. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = process.cwd();
  const problems = packProblems(root);
  if (problems.length > 0) {
    const error = new PitwallError('PW_ERR_PACK_DEV_EDITS', { root, problems });
    process.stderr.write(`${error.code}: ${error.message}\n`);
    process.exitCode = 1;
  }
}
