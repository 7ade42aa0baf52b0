import { resolveAppSettings } from './apps/app-settings.js';
import type { AppDefinition } from './apps/define.js';
import { LiveSettingsStore, parseSettingPath, requireSetting, validateLiveValue } from './apps/live-settings.js';
import { BUNDLED_APPS_FOLDER, entryName, loadApp } from './apps/load.js';
import type { Settings } from './config/schema.js';
import { isPitwallError, PitwallError } from './errors.js';
import { openDatabase } from './storage/database.js';

export const SETTINGS_USAGE = `Usage: pitwall settings list
       pitwall settings set <app>.<key> <value>
       pitwall settings set <app>.<key> --reset
`;

export interface SettingsCliIo {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `pitwall settings`: lists the apps' settings with where each value comes from, and sets or resets a live
 * value in the database the controller reads (checked by the app's own schema, recorded as changed by 'cli').
 */
export async function settingsCli(args: string[], settings: Settings, io: SettingsCliIo): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'list' && subcommand !== 'set') {
    io.err(`Unknown settings command '${subcommand ?? ''}'.\n${SETTINGS_USAGE}`);
    return 2;
  }
  const { reset, positionals, refused } = readArgs(subcommand, rest);
  if (refused) {
    io.err(`${refused.code}: ${refused.message}\n${SETTINGS_USAGE}`);
    return 2;
  }
  if (subcommand === 'set' && (positionals.length === 0 || (!reset && positionals.length < 2) || (reset && positionals.length > 1))) {
    io.err(SETTINGS_USAGE);
    return 2;
  }
  const apps = await loadConfiguredApps(settings);
  const database = await openDatabase(settings.DATABASE_URL, settings.DATA_DIR);
  try {
    const store = LiveSettingsStore.open(database);
    if (subcommand === 'list') {
      io.out(await listSettings(apps, settings, store));
      return 0;
    }
    const [path = '', ...words] = positionals;
    const target = parseSettingPath(path);
    if (!target) {
      io.err(`'${path}' is not a setting name: expected <app>.<key>, e.g. records.listed.\n${SETTINGS_USAGE}`);
      return 2;
    }
    const app = apps.find((definition) => definition.id === target.app);
    try {
      if (!app) throw new PitwallError('PW_ERR_LIVE_SETTING_APP', { app: target.app, known: apps.map((each) => each.id) });
      if (reset) {
        requireSetting(target.app, app.settings ?? {}, target.key);
        const removed = await store.reset(target.app, target.key, 'cli');
        io.out(removed ? `${path} is back to the settings file's value. ${APPLIES}\n` : `${path} has no live value; it already follows the settings file.\n`);
        return 0;
      }
      const value = validateLiveValue(target.app, app.settings ?? {}, target.key, words.join(' '));
      await store.set(target.app, target.key, value, 'cli');
      io.out(`${path} is now ${shown(app, target.key, value)}. ${APPLIES}\n`);
      return 0;
    } catch (error) {
      if (!isPitwallError(error, 'PW_ERR_LIVE_SETTING') && !isPitwallError(error, 'PW_ERR_LIVE_SETTING_APP')) throw error;
      io.err(`${(error as Error).message}\n`);
      return 1;
    }
  } finally {
    await database.close();
  }
}

/**
 * `set` takes `--reset` and words; a value may start with one dash (`-5`, `-gg`), so only `--` words are
 * options, and after a bare `--` every word is a value. `list` takes nothing.
 */
function readArgs(subcommand: 'list' | 'set', args: string[]): { reset: boolean; positionals: string[]; refused?: PitwallError } {
  const positionals: string[] = [];
  let reset = false;
  const refuse = (problem: string) => ({ reset, positionals, refused: new PitwallError('PW_ERR_CLI_ARGUMENT', { command: `settings ${subcommand}`, problem }) });
  for (const [index, arg] of args.entries()) {
    if (arg === '--') {
      positionals.push(...args.slice(index + 1));
      break;
    }
    if (arg === '--reset' && subcommand === 'set') reset = true;
    else if (arg.startsWith('--')) return refuse(`unknown option '${arg}'`);
    else positionals.push(arg);
  }
  if (subcommand === 'list' && positionals.length > 0) return refuse(`unexpected argument '${positionals[0]}'`);
  return { reset, positionals };
}

const APPLIES = 'A running controller applies it within a few seconds; one that starts later reads it at start.';

async function listSettings(apps: AppDefinition[], settings: Settings, store: LiveSettingsStore): Promise<string> {
  const overrides = await store.overrides();
  const lines: string[] = [];
  for (const app of apps) {
    const spec = app.settings ?? {};
    if (Object.keys(spec).length === 0) continue;
    const given = (Object.hasOwn(settings.APP_SETTINGS, app.id) ? settings.APP_SETTINGS[app.id] : undefined) ?? {};
    let fileValues: Record<string, unknown>;
    try {
      fileValues = resolveAppSettings(app.id, spec, given);
    } catch (error) {
      lines.push(`${app.id}: ${(error as Error).message}`);
      continue;
    }
    for (const key of Object.keys(spec)) {
      const live = overrides.find((override) => override.app === app.id && override.key === key);
      const source = live ? `live, set by ${live.changedBy} at ${live.changedAt}; file: ${shown(app, key, fileValues[key])}` : Object.hasOwn(given, key) ? 'settings file' : 'default';
      lines.push(`${app.id}.${key} = ${shown(app, key, live ? live.value : fileValues[key])} (${source})`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : 'No app in APPS declares settings.\n';
}

/** A value for the terminal; secret settings never print. */
function shown(app: AppDefinition, key: string, value: unknown): string {
  const setting = app.settings?.[key];
  return setting?.type === 'string' && setting.secret ? '********' : JSON.stringify(value);
}

async function loadConfiguredApps(settings: Settings): Promise<AppDefinition[]> {
  const apps: AppDefinition[] = [];
  for (const entry of settings.APPS) {
    try {
      apps.push((await loadApp(entryName(entry), { bundledFolder: BUNDLED_APPS_FOLDER, cwd: process.cwd() })).definition);
    } catch {
      // An app that cannot load has no settings to change; `pitwall start` names the problem.
    }
  }
  return apps;
}
