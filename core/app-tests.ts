import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PitwallError } from './errors.js';
import { isAppId } from './ids.js';

/**
 * The compiled test files of one app, for `pitwall test <id>`: under `dist/test/apps/` of the project,
 * `<id>.test.js`, `<id>-<topic>.test.js` and every `*.test.js` under `<id>/` (`.mjs` and `.cjs` too), as
 * the build writes them from `test/apps/`. A file named for a longer app id (`records-extra.test.js` of an
 * app `records-extra`) belongs to that app, not to `records`.
 */
export function appTestFiles(root: string, id: string): string[] {
  if (!isAppId(id)) throw new PitwallError('PW_ERR_APP_TESTS_ID', { id });
  const folder = join(root, 'dist', 'test', 'apps');
  const test = /\.test\.[cm]?js$/;
  const entries = existsSync(folder) ? readdirSync(folder) : [];
  const otherApps = knownAppIds(root, entries).filter((other) => other !== id && other.startsWith(`${id}-`));
  const files = entries
    .filter((name) => test.test(name) && isFile(join(folder, name)))
    .filter((name) => {
      const stem = name.replace(test, '');
      if (stem !== id && !stem.startsWith(`${id}-`)) return false;
      return !otherApps.some((other) => stem === other || stem.startsWith(`${other}-`));
    })
    .map((name) => join(folder, name));
  const own = join(folder, id);
  if (existsSync(own) && statSync(own).isDirectory()) files.push(...testsUnder(own, test));
  // Named from where the command runs when it is below it, else in full.
  const cwd = process.cwd();
  if (files.length === 0) throw new PitwallError('PW_ERR_APP_TESTS_NONE', { id, folder: folder.startsWith(`${cwd}${sep}`) ? relative(cwd, folder) : folder });
  return files.sort();
}

/** The app ids this project knows of: its compiled apps and the folders of its app tests. */
function knownAppIds(root: string, testEntries: readonly string[]): string[] {
  const apps = join(root, 'dist', 'apps');
  const compiled = existsSync(apps) ? readdirSync(apps).filter((name) => isAppId(name) && statSync(join(apps, name)).isDirectory()) : [];
  const folders = testEntries.filter((name) => isAppId(name) && statSync(join(root, 'dist', 'test', 'apps', name)).isDirectory());
  return [...new Set([...compiled, ...folders])];
}

function testsUnder(folder: string, test: RegExp): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return testsUnder(path, test);
    return entry.isFile() && test.test(entry.name) ? [path] : [];
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
