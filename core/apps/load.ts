import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDsn } from '../config/dsn.js';
import { PitwallError } from '../errors.js';
import { isAppId } from '../ids.js';
import type { AppDefinition, AppSettingSpec } from './define.js';

export interface LoadedApp {
  /** The APPS entry it came from. */
  entry: string;
  definition: AppDefinition;
  /** The folder of the app's module, for attributing errors by stack frame (none for inline apps). */
  folder?: string;
}

export interface AppLoadOptions {
  /** Folder holding the compiled bundled apps (`<folder>/<id>/index.js`). */
  bundledFolder: string;
  /** Folder relative paths in APPS are resolved against. */
  cwd: string;
}

/** dist/apps, beside the compiled core. */
export const BUNDLED_APPS_FOLDER = fileURLToPath(new URL('../../apps/', import.meta.url));

const SETTING_TYPES = new Set<AppSettingSpec['type']>(['string', 'number', 'integer', 'boolean', 'string[]']);

/** An APPS entry as the owner writes it: a name, or `{ id, isolation, heapMb }`. */
export type AppsEntry = string | { id: string; isolation?: 'process' | 'worker'; heapMb?: number };

/** The name (bundled id, package, path) of an APPS entry. */
export function entryName(entry: AppsEntry): string {
  return typeof entry === 'string' ? entry : entry.id;
}

/** Imports one APPS entry: a bundled app id, a path to a module, or an npm package name. */
export async function loadApp(entry: string, options: AppLoadOptions, fresh?: { generation: number }): Promise<LoadedApp> {
  const located = locate(entry, options);
  const { folder: packageRoot } = located;
  let { specifier } = located;
  if (fresh) {
    // ESM caches a module by its URL for the life of the process: a new query string is a new module
    // instance. Only this entry file is evaluated afresh; the files it imports keep their cached instances.
    const file = specifier.startsWith('file:') ? specifier : attempt(() => import.meta.resolve(specifier));
    if (!file?.startsWith('file:')) throw new PitwallError('PW_ERR_APP_NOT_FOUND', { entry, reason: 'it does not resolve to a file, so it cannot be imported afresh' });
    specifier = `${file}?reload=${fresh.generation}`;
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${entry}'`)) {
      throw new PitwallError('PW_ERR_APP_NOT_FOUND', { entry, reason: 'no bundled app, npm package or module has that name' });
    }
    throw new PitwallError('PW_ERR_APP_NOT_FOUND', { entry, reason: `importing it failed: ${(error as Error).message}` }, { cause: error });
  }
  const definition = (namespace.default ?? namespace) as AppDefinition;
  validateDefinition(entry, definition);
  const folder = packageRoot ?? (specifier.startsWith('file:') ? dirname(fileURLToPath(specifier.replace(/\?.*$/, ''))) : attempt(() => dirname(fileURLToPath(import.meta.resolve(specifier)))));
  return { entry, definition, folder };
}

/** An app given as a definition object rather than a module (embedding, tests). */
export function inlineApp(entry: string, definition: unknown): LoadedApp {
  validateDefinition(entry, definition);
  return { entry, definition };
}

/** Where one APPS entry's module is, without importing it (a worker thread imports it). */
export function locateApp(entry: string, options: AppLoadOptions): { specifier: string; folder?: string } {
  const located = locate(entry, options);
  if (located.folder || !located.specifier.startsWith('file:')) return located;
  return { specifier: located.specifier, folder: dirname(fileURLToPath(located.specifier)) };
}

function locate(entry: string, options: AppLoadOptions): { specifier: string; folder?: string } {
  const looksLikePath = entry.startsWith('.') || isAbsolute(entry) || /\.(c|m)?js$/.test(entry);
  if (looksLikePath) {
    const file = resolve(options.cwd, entry);
    if (!existsSync(file)) throw new PitwallError('PW_ERR_APP_NOT_FOUND', { entry, reason: `the file ${file} does not exist` });
    return { specifier: pathToFileURL(file).href };
  }
  const bundled = join(options.bundledFolder, entry, 'index.js');
  if (existsSync(bundled)) return { specifier: pathToFileURL(bundled).href };
  return resolvePackage(entry, options.cwd) ?? { specifier: entry };
}

/**
 * An npm package, resolved by Node itself. The owner's folder decides which copy (Node's lookup through the
 * node_modules of cwd and its parents); its entry is what `import` would load (the package's `import`
 * conditions) when Pitwall's own import reaches that same copy, else what Node resolves from the owner's folder.
 * The folder returned is the package's root, for attributing errors to the app by stack frame.
 */
function resolvePackage(name: string, cwd: string): { specifier: string; folder: string } | undefined {
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) return undefined;
  const fromOwner = createRequire(join(resolve(cwd), 'package.json'));
  const root = (fromOwner.resolve.paths(name) ?? []).map((folder) => join(folder, name)).find((folder) => existsSync(join(folder, 'package.json')));
  if (!root) return undefined;
  const folder = realpathSync(root);
  const imported = attempt(() => fileURLToPath(import.meta.resolve(name)));
  if (imported !== undefined && imported.startsWith(`${folder}${sep}`)) return { specifier: pathToFileURL(imported).href, folder };
  try {
    return { specifier: pathToFileURL(fromOwner.resolve(name)).href, folder };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    throw new PitwallError(
      'PW_ERR_APP_NOT_FOUND',
      { entry: name, reason: `the package in ${root} exports its entry only for import, which Node resolves only from Pitwall's own folder; install pitwall in the same project as the app (npm install pitwall)` },
      { cause: error },
    );
  }
}

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Checks the shape of an app definition; throws PW_ERR_APP_INVALID naming the first problem. */
export function validateDefinition(entry: string, app: unknown): asserts app is AppDefinition {
  const problem = findProblem(app);
  if (problem) throw new PitwallError('PW_ERR_APP_INVALID', { entry, problem });
}

function findProblem(app: unknown): string | undefined {
  if (app === null || typeof app !== 'object') return 'its default export is not an object';
  const candidate = app as Record<string, unknown>;
  if (typeof candidate.id !== 'string' || !isAppId(candidate.id)) {
    return `id ${JSON.stringify(candidate.id)} must be lower-case letters, digits, - or _, starting with a letter`;
  }
  if (typeof candidate.version !== 'string' || candidate.version === '') return 'version must be a non-empty string';
  if (typeof candidate.init !== 'function') return 'init must be a function';
  if (candidate.isolation !== undefined && candidate.isolation !== 'process' && candidate.isolation !== 'worker') return "isolation must be 'process' or 'worker'";
  for (const hook of ['start', 'stop'] as const) {
    if (candidate[hook] !== undefined && typeof candidate[hook] !== 'function') return `${hook} must be a function`;
  }
  for (const key of ['dependsOn', 'uses'] as const) {
    const ids = candidate[key];
    if (ids !== undefined && (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))) return `${key} must be a list of app ids`;
  }
  if (candidate.settings !== undefined) {
    if (candidate.settings === null || typeof candidate.settings !== 'object') return 'settings must be an object';
    for (const [key, spec] of Object.entries(candidate.settings as Record<string, { type?: unknown } | null>)) {
      if (!spec || !SETTING_TYPES.has(spec.type as AppSettingSpec['type'])) {
        return `setting '${key}' needs a type: 'string', 'number', 'integer', 'boolean' or 'string[]'`;
      }
      if (!('default' in spec)) return `setting '${key}' needs a default`;
    }
  }
  const reporting = candidate.reporting as { dsn?: unknown } | undefined;
  if (reporting !== undefined) {
    if (typeof reporting !== 'object' || reporting === null || typeof reporting.dsn !== 'string') return 'reporting must be { dsn: string, contact?: string }';
    const dsn = parseDsn(reporting.dsn);
    if (typeof dsn === 'string') return `reporting.dsn ${dsn}`;
  }
  return undefined;
}

/** DI token for where apps are loaded from. */
export const AppLoadOptionsToken = Symbol('AppLoadOptions');
