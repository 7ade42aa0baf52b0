import { inject, injectable } from 'tsyringe';
import { Settings } from '../config/schema.js';
import { toDisposable, type Disposable } from '../disposables.js';
import { PitwallError } from '../errors.js';
import { Logger } from '../logging/logger.js';
import { Database } from '../storage/database.js';
import { checkValue, resolveAppSettings, secretAppSettingValues } from './app-settings.js';
import type { AppDefinition, SettingsChange } from './define.js';
import type { Attribution } from './error-sink.js';
import { FaultBoundary } from './fault-boundary.js';
import { LiveSettingsStore, requireSetting, validateLiveValue, type SettingOverride } from './live-settings.js';

/** Where a setting's current value comes from. */
export type SettingSource = 'default' | 'settings file' | 'live edit';

/** One setting as the settings window shows it. */
export interface SettingView {
  app: string;
  key: string;
  description: string;
  /** The current value for display; `********` for a secret. */
  shown: string;
  /** The current value as it would be typed to set it again (`a, b` for a list); empty for a secret. */
  text: string;
  source: SettingSource;
  /** Who made the live edit, for source 'live edit'. */
  changedBy?: string;
}

/** What the settings service needs of the app lifecycle: which apps run, and a restart for apps without listeners. */
export interface SettingsLifecycle {
  /** True while the app is RUNNING and the controller is not stopping: only then are changes applied. */
  canApply(id: string): boolean;
  /** Restarts an app so it reads its changed settings (it registered no change listener). */
  restart(id: string, changed: string[]): Promise<void>;
}

interface AppSettingsState {
  definition: AppDefinition;
  attribution: Attribution;
  /** The settings the app sees now (file values with live overrides over them). */
  values: Record<string, unknown>;
  secrets: string[];
  listeners: Set<(change: SettingsChange) => unknown>;
}

/**
 * Each app's settings: the file's values (APP_SETTINGS over the declared defaults) with the live overrides
 * kept in the database over them; `//set` and `pitwall settings` changes, handed to the app's listeners or
 * applied by a restart; and the secret values among them, for redaction.
 */
@injectable()
export class AppSettingsService {
  private readonly apps = new Map<string, AppSettingsState>();
  private readonly secretListeners: ((secrets: string[]) => void)[] = [];
  private liveStore?: LiveSettingsStore;
  private queue: Promise<void> = Promise.resolve();
  /** Stored values already warned about, so a periodic refresh does not repeat the warning. */
  private readonly warnedOverrides = new Set<string>();
  private lifecycle: SettingsLifecycle = { canApply: () => false, restart: async () => undefined };
  /** While the apps start together: every app's overrides, read in one query rather than one per app. */
  private startingOverrides?: Map<string, SettingOverride[]>;

  constructor(
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
    @inject(Database) private readonly database: Database,
    @inject(FaultBoundary) private readonly boundary: FaultBoundary,
  ) {}

  /** Set once by the host: the service applies changes only to running apps, and restarts through it. */
  bind(lifecycle: SettingsLifecycle): void {
    this.lifecycle = lifecycle;
  }

  /**
   * Registers a loaded app, with the values the owner gave (or the defaults of) its secret settings, valid or
   * not: they are masked before any of the app's hooks runs, since an app may throw its own secret.
   */
  register(definition: AppDefinition, attribution: Attribution): void {
    const spec = definition.settings ?? {};
    const given = this.settings.APP_SETTINGS[definition.id] ?? {};
    const values = Object.fromEntries(Object.entries(spec).map(([key, setting]) => [key, key in given ? given[key] : setting.default]));
    this.apps.set(definition.id, { definition, attribution, values: {}, secrets: secretAppSettingValues(spec, values), listeners: new Set() });
  }

  /** Tells every secret listener the secrets of all apps (after registering a batch of apps). */
  announceSecrets(): void {
    for (const listener of this.secretListeners) listener(this.secrets());
  }

  /**
   * Runs `starting` (the apps' boot) with every app's overrides read once, up front; an app's load() in it
   * takes its overrides from that read. When the read fails, each load reads (and fails) on its own.
   */
  async withOverridesReadOnce<T>(starting: () => Promise<T>): Promise<T> {
    try {
      const byApp = new Map<string, SettingOverride[]>();
      for (const override of await this.live.overrides()) {
        const list = byApp.get(override.app);
        if (list) list.push(override);
        else byApp.set(override.app, [override]);
      }
      this.startingOverrides = byApp;
    } catch {
      this.startingOverrides = undefined;
    }
    try {
      return await starting();
    } finally {
      this.startingOverrides = undefined;
    }
  }

  /** Reads an app's settings for a (re)start; throws PW_ERR_APP_SETTINGS when the file's values are wrong. */
  async load(id: string): Promise<Readonly<Record<string, unknown>>> {
    const state = this.state(id);
    state.values = await this.currentValues(state);
    state.listeners.clear();
    state.secrets = secretAppSettingValues(state.definition.settings ?? {}, state.values);
    return state.values;
  }

  /** The current values of an app's settings (what ctx.settings returns; `//set` answers). */
  settingsOf(id: string): Readonly<Record<string, unknown>> | undefined {
    return this.apps.get(id)?.values;
  }

  /**
   * Every registered app's settings, grouped by app in load order: description, current value and where it
   * comes from (a live edit the app accepts, the owner's APP_SETTINGS, or the declared default).
   */
  async settingsView(): Promise<{ app: string; settings: SettingView[] }[]> {
    const groups: { app: string; settings: SettingView[] }[] = [];
    for (const state of this.apps.values()) {
      const { id } = state.definition;
      const spec = state.definition.settings ?? {};
      if (Object.keys(spec).length === 0) continue;
      const given = (Object.hasOwn(this.settings.APP_SETTINGS, id) ? this.settings.APP_SETTINGS[id] : undefined) ?? {};
      const overrides = await this.live.overrides(id);
      const settings = Object.entries(spec).map(([key, setting]): SettingView => {
        const live = overrides.find((override) => override.key === key && checkValue(setting, override.value) === undefined);
        const source: SettingSource = live ? 'live edit' : Object.hasOwn(given, key) ? 'settings file' : 'default';
        const value = Object.hasOwn(state.values, key) ? state.values[key] : live ? live.value : source === 'settings file' ? given[key] : setting.default;
        const secret = setting.type === 'string' && setting.secret === true;
        return {
          app: id,
          key,
          description: setting.description ?? '',
          shown: secret ? '********' : JSON.stringify(value),
          text: secret ? '' : Array.isArray(value) ? value.join(', ') : String(value),
          source,
          ...(live ? { changedBy: live.changedBy } : {}),
        };
      });
      groups.push({ app: id, settings });
    }
    return groups;
  }

  /** An app's declared settings with the values it sees now; a secret's value is shown as ********. */
  describe(id: string): Array<{ key: string; type: string; description: string; value: string }> {
    const state = this.apps.get(id);
    if (!state) return [];
    return Object.entries(state.definition.settings ?? {}).map(([key, setting]) => ({
      key,
      type: setting.type,
      description: setting.description ?? '',
      value: setting.type === 'string' && setting.secret ? '********' : JSON.stringify(state.values[key]),
    }));
  }

  /** Adds a change listener; while an app has none, a change restarts it. */
  onChange(id: string, listener: (change: SettingsChange) => unknown): Disposable {
    const { listeners } = this.state(id);
    listeners.add(listener);
    return toDisposable(() => void listeners.delete(listener));
  }

  /** The secret setting values of every app, for redaction. */
  secrets(): string[] {
    return [...this.apps.values()].flatMap((state) => state.secrets);
  }

  /** Tells `listener` every app's secret setting values whenever they change. */
  onSecrets(listener: (secrets: string[]) => void): void {
    this.secretListeners.push(listener);
  }

  /**
   * Changes one of an app's settings live (`text` as typed, checked by the app's schema), stores it over the
   * file's value, and hands it to the app. Throws PW_ERR_LIVE_SETTING(_APP) and changes nothing when invalid.
   */
  async changeSetting(id: string, key: string, text: string, changedBy: string): Promise<{ value: unknown; shown: string }> {
    const state = this.target(id);
    const value = validateLiveValue(id, state.definition.settings ?? {}, key, text);
    await this.live.set(id, key, value, changedBy);
    const setting = state.definition.settings![key]!;
    const shown = setting.type === 'string' && setting.secret ? '********' : JSON.stringify(value);
    this.logger.info(`Setting ${id}.${key} set to ${shown} by ${changedBy}`);
    await this.inOrder(() => this.apply(state, changedBy));
    return { value, shown };
  }

  /** Removes the live override of `id.key`, so the file's value applies again; false when there was none. */
  async resetSetting(id: string, key: string, changedBy: string): Promise<boolean> {
    const state = this.target(id);
    requireSetting(id, state.definition.settings ?? {}, key);
    if (!(await this.live.reset(id, key, changedBy))) return false;
    this.logger.info(`Setting ${id}.${key} reset to the settings file's value by ${changedBy}`);
    await this.inOrder(() => this.apply(state, changedBy));
    return true;
  }

  /**
   * Reads the live settings again (another controller on the same database or `pitwall settings` may have
   * changed them) and hands what changed to the running apps.
   */
  refresh(): Promise<void> {
    return this.inOrder(async () => {
      for (const state of [...this.apps.values()]) await this.apply(state, undefined);
    });
  }

  private get live(): LiveSettingsStore {
    this.liveStore ??= LiveSettingsStore.open(this.database);
    return this.liveStore;
  }

  private state(id: string): AppSettingsState {
    const state = this.apps.get(id);
    if (!state) throw new Error(`App '${id}' is not registered with the settings service`);
    return state;
  }

  private target(id: string): AppSettingsState {
    const state = this.apps.get(id);
    if (!state) throw new PitwallError('PW_ERR_LIVE_SETTING_APP', { app: id, known: [...this.apps.keys()] });
    return state;
  }

  /** The file's values with the live overrides over them; an override the app no longer accepts is skipped. */
  private async currentValues(state: AppSettingsState): Promise<Record<string, unknown>> {
    const { id } = state.definition;
    const spec = state.definition.settings ?? {};
    const values = { ...resolveAppSettings(id, spec, this.settings.APP_SETTINGS[id]) };
    const overrides = this.startingOverrides ? (this.startingOverrides.get(id) ?? []) : await this.live.overrides(id);
    for (const override of overrides) {
      const setting = spec[override.key];
      // An override the app no longer accepts (key removed, range narrowed) is skipped, not fatal.
      const problem = setting ? checkValue(setting, override.value) : 'the app declares no such setting';
      if (problem) {
        const warned = `${id}.${override.key}=${JSON.stringify(override.value)}`;
        if (this.warnedOverrides.has(warned)) continue;
        this.warnedOverrides.add(warned);
        this.logger.warn(`App '${id}': ignoring the live setting ${override.key} = ${JSON.stringify(override.value)} (${problem}); pitwall settings set ${id}.${override.key} --reset removes it`);
        continue;
      }
      values[override.key] = override.value;
    }
    return Object.freeze(values);
  }

  /** One change at a time across apps. */
  private inOrder(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** To its listeners, or by restarting it when it has none; `changedBy` undefined: read from the change history. */
  private async apply(state: AppSettingsState, changedBy: string | undefined): Promise<void> {
    const { id } = state.definition;
    if (!this.lifecycle.canApply(id)) return;
    const previous = state.values;
    const next = await this.currentValues(state);
    const changed = Object.keys(next).filter((key) => JSON.stringify(next[key]) !== JSON.stringify(previous[key]));
    if (changed.length === 0) return;
    state.values = next;
    state.secrets = secretAppSettingValues(state.definition.settings ?? {}, next);
    this.announceSecrets();
    if (state.listeners.size === 0) return this.lifecycle.restart(id, changed);
    for (const key of changed) {
      const change: SettingsChange = { key, value: next[key], previous: previous[key], changedBy: changedBy ?? (await this.live.lastChangedBy(id, key)) ?? 'unknown' };
      for (const listener of [...state.listeners]) {
        await this.boundary.run({ ...state.attribution, event: { name: 'settingsChange', payload: { key } } }, () => listener(change));
      }
    }
  }
}
