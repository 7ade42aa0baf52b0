import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { PitwallError } from '../errors.js';
import { overrideAsLayer, readEnvOverrides } from './env.js';
import { isPlainObject, mergeLayer, pathKey, sourceOf, type PlainObject, type Sources } from './layers.js';
import { secretSettingPaths, settingsFixes, settingsKeys, settingsSchema, type Settings, type SettingsKey } from './schema.js';

export interface LoadSettingsOptions {
  /** The base settings (the exports of settings/base.ts). */
  base: PlainObject;
  /** Environment to read PITWALL_SETTINGS and PITWALL_<KEY> from. */
  env?: NodeJS.ProcessEnv;
  /** Folder that a relative PITWALL_SETTINGS path is resolved against. */
  cwd?: string;
  /**
   * The owner project's settings module (`settings.mjs` in the folder Pitwall runs from), read after the
   * base when it exists; PITWALL_SETTINGS and the environment override it.
   */
  projectFile?: string;
}

/** The owner project's settings module, in the folder `pitwall start` runs from (`pitwall init` writes it). */
export const PROJECT_SETTINGS_FILE = 'settings.mjs';

export const BASE_SOURCE = 'settings/base.ts';

/** Loads base -> PITWALL_SETTINGS file -> PITWALL_<KEY> env, validates, and explains every problem found. */
export async function loadSettings(options: LoadSettingsOptions): Promise<Settings> {
  const env = options.env ?? process.env;
  const merged: PlainObject = {};
  const sources: Sources = new Map();
  mergeLayer(merged, moduleExports(options.base), BASE_SOURCE, sources);

  if (options.projectFile && existsSync(options.projectFile)) {
    mergeLayer(merged, await importOverrideFile(options.projectFile, 'project'), `project file ${options.projectFile}`, sources);
  }

  const overrideFile = env.PITWALL_SETTINGS;
  if (overrideFile) {
    const file = resolve(options.cwd ?? process.cwd(), overrideFile);
    mergeLayer(merged, await importOverrideFile(file, 'PITWALL_SETTINGS'), `override file ${file}`, sources);
  }

  for (const override of readEnvOverrides(env, merged)) {
    mergeLayer(merged, overrideAsLayer(override), `env ${override.variable}`, sources);
  }
  return validateSettings(merged, sources);
}

export function validateSettings(merged: PlainObject, sources: Sources = new Map()): Settings {
  const result = settingsSchema.safeParse(merged);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => describeIssue(issue, merged, sources));
  throw new PitwallError('PW_ERR_SETTINGS', { problems });
}

/** A module namespace (or its default export) as a plain object of settings. */
function moduleExports(namespace: PlainObject): PlainObject {
  const exports: PlainObject = {};
  const fromDefault = isPlainObject(namespace.default) ? namespace.default : {};
  for (const [key, value] of Object.entries({ ...fromDefault, ...namespace })) {
    if (key !== 'default' && value !== undefined) exports[key] = value;
  }
  return exports;
}

async function importOverrideFile(file: string, by: 'PITWALL_SETTINGS' | 'project'): Promise<PlainObject> {
  if (!existsSync(file)) {
    throw new PitwallError('PW_ERR_SETTINGS_FILE', { file, reason: 'the file does not exist', by });
  }
  try {
    return moduleExports((await import(pathToFileURL(file).href)) as PlainObject);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PitwallError('PW_ERR_SETTINGS_FILE', { file, reason, by }, { cause: error });
  }
}

function describeIssue(issue: z.core.$ZodIssue, merged: PlainObject, sources: Sources): string[] {
  // An APPS entry is a name or { id, isolation, heapMb }: say what is wrong with the form the owner wrote.
  if (issue.code === 'invalid_union' && issue.errors.length === 2) {
    const value = valueAt(merged, issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)));
    const branch = issue.errors[isPlainObject(value) ? 1 : 0] ?? [];
    return branch.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, merged, sources));
  }
  const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const keyPath = [...path, key];
      const hint = path.length === 0 ? suggestKey(key) : '';
      return (
        `${pathKey(keyPath)} (from ${sourceOf(sources, keyPath)}): unknown setting. ` +
        `Fix: remove it or check its spelling against settings/base.ts${hint}.`
      );
    });
  }
  const top = path[0] as SettingsKey | undefined;
  const fix = top && top in settingsFixes ? settingsFixes[top] : 'see the comments in settings/base.ts';
  const value = valueAt(merged, path);
  const shown = secretSettingPaths.includes(pathKey(path)) ? '********' : show(value);
  return [`${pathKey(path)} = ${shown} (from ${sourceOf(sources, path)}): ${whatIsWrong(issue, value)}. Fix: ${fix}.`];
}

function whatIsWrong(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'missing';
      if (issue.expected === 'int') return 'must be a whole number';
      return `expected ${article(issue.expected)}, got ${typeName(value)}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? 'must not be empty'
        : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return article(typeof value);
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let value = root;
  for (const part of path) value = (value as Record<string | number, unknown> | undefined)?.[part];
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** " (did you mean 'X'?)" for a near miss of a known key, else ''. */
function suggestKey(key: string): string {
  let best: { key: string; distance: number } | undefined;
  // Short names are too easy to match by chance: allow one edit per three letters, at most three.
  const allowed = Math.min(3, Math.floor(key.length / 3));
  for (const known of settingsKeys) {
    const distance = editDistance(key.toUpperCase(), known);
    if (distance <= allowed && (!best || distance < best.distance)) best = { key: known, distance };
  }
  return best ? ` (did you mean '${best.key}'?)` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
