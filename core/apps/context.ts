import type { AppGate } from './app-record.js';
import { CronJob } from 'cron';
import type { Kysely } from 'kysely';
import { PitwallError } from '../errors.js';
import { toDisposable, type Disposable, type DisposableStore } from '../disposables.js';
import type { Logger } from '../logging/logger.js';
import type { CommandHandler, CommandOptions, CommandRegistry, CommandSpec, TypedCommandHandler } from '../server/commands.js';
import type { ParamDeclaration } from '../server/command-params.js';
import type { EventBus } from '../server/events.js';
import type { GameServer } from '../server/facade.js';
import type { PlayerLanguages } from '../server/player-languages.js';
import { translate } from '../i18n/messages.js';
import type { UiManager } from '../ui/manager.js';
import { SERVER_EVENTS, type ServerEventMap } from '../server/event-map.js';
import { createAppLogger } from './app-logger.js';
import type { AppScope } from './app-scope.js';
import type { AppContext, AppDefinition, SettingsChange } from './define.js';
import type { Attribution } from './error-sink.js';
import type { FaultBoundary } from './fault-boundary.js';
import { answeringOutages } from './outage-reply.js';
import type { HeldCommandCall } from './swap-hold.js';

export interface AppContextParts {
  definition: AppDefinition;
  attribution: Attribution;
  /** The core logger (or a child of it); the app only ever sees a narrow AppLogger over it. */
  logger: Logger;
  /** The app's settings now: the file's values with any live overrides over them. */
  settings(): Record<string, unknown>;
  /** Adds a settings change listener; while an app has none, a change restarts it. */
  onSettingsChange(listener: (change: SettingsChange) => unknown): Disposable;
  /** The app's data folder, created on the first call. */
  dataDir(): string;
  /** Makes the app's own container: public tokens only, its logger as AppLogger. */
  scope: AppScope;
  store: DisposableStore;
  boundary: FaultBoundary;
  events: EventBus<ServerEventMap>;
  commands: CommandRegistry;
  server: GameServer;
  /** Each player's language, for ctx.t, tell and announce. */
  languages: PlayerLanguages;
  /** Makes the app's ctx.ui (its own ManiaLink pages and actions). */
  ui: UiManager;
  /** The app's namespaced query builder, made on the first call; absent when the app declares no database. */
  db?: () => Kysely<unknown>;
  /** Closed once the app is stopping or failed: registrations are refused from then on. */
  gate: AppGate;
  /** What a dependency's init() returned. */
  exportsOf(id: string): unknown;
  /** What an app's init() returned, while that app is running; undefined otherwise. */
  runningExportsOf(id: string): unknown;
}

/** Builds the ctx an app receives. Every registration is wrapped with the app's attribution and tracked. */
export function createAppContext(parts: AppContextParts): AppContext {
  const { definition, attribution, boundary, store } = parts;
  const id = definition.id;

  // A version being swapped in registers while its gate is held shut; the one being swapped out cannot.
  const accepting = (): boolean => parts.gate.accepting ?? parts.gate.active;
  const track = (disposable: Disposable): Disposable => {
    if (!accepting()) {
      void disposable.dispose();
      throw new PitwallError('PW_ERR_APP_STOPPED', { id });
    }
    store.add(disposable);
    return toDisposable(async () => {
      store.delete(disposable);
      await disposable.dispose();
    });
  };

  const logger = createAppLogger(parts.logger, id);
  // Added first, so removed last: the player's screen is cleaned after the app's own stop work.
  const ui = parts.ui.forApp(id, {
    run: (name, payload, fn) => boundary.run({ app: attribution.app, appVersion: attribution.appVersion, event: { name, payload } }, fn),
    isActive: accepting,
  });
  store.add(ui);
  // Services an app registers in its container may inject its logger as they inject GameServer.
  const container = parts.scope.containerFor(id, logger);

  const { languages, server } = parts;
  const line = async (login: string, key: string, params?: Record<string, unknown>): Promise<string> => {
    // An unknown key fails before the server is asked anything.
    translate(id, definition.messages, 'en', key, params);
    return translate(id, definition.messages, await languages.languageOf(login), key, params);
  };

  return {
    id,
    version: definition.version,
    logger,
    get settings() {
      return parts.settings() as AppContext['settings'];
    },
    get dataDir() {
      return parts.dataDir();
    },
    container,
    server: parts.server,
    ui: {
      show: ui.show,
      hide: ui.hide,
      widget: ui.widget,
      get crowded() {
        return ui.crowded;
      },
    },
    get db(): Kysely<unknown> {
      if (!parts.db) throw new PitwallError('PW_ERR_DATABASE_NOT_DECLARED', { id });
      return parts.db();
    },

    on(event, handler) {
      const name = String(event);
      if (!(SERVER_EVENTS as readonly string[]).includes(name)) {
        throw new PitwallError('PW_ERR_APP_EVENT', { id, event: JSON.stringify(name).slice(0, 80), known: SERVER_EVENTS });
      }
      const { app, appVersion } = attribution;
      const scope = { app, appVersion, event: { name } };
      // Built as a literal: object spread here costs more than the whole rest of a dispatch.
      const listener = boundary.listener(scope, (payload: unknown) => ({ app, appVersion, event: { name, payload } }), handler, parts.gate);
      // The gate: an app being stopped or disabled gets no more events, even before its handlers are removed.
      const registration = parts.events.on(event, listener);
      // During a reload's swap the events wait in the hold, which hands them to this listener once it runs.
      const hold = parts.gate.hold;
      if (!hold) return track(registration);
      const held = hold.listen(name, listener as (payload: unknown) => unknown);
      return track(toDisposable(async () => {
        await held.dispose();
        await registration.dispose();
      }));
    },

    command(nameOrSpec: string | CommandSpec, handler?: CommandHandler | TypedCommandHandler, options?: CommandOptions) {
      const { app, appVersion } = attribution;
      // Every handler, a sub-command's too, runs as this app and counts against its error budget.
      const wrap = <H>(name: string, fn: H): H => {
        const run = boundary.listener(
          { app, appVersion, event: { name: `/${name}` } },
          (call: { name: string; login: string; args: string[] }) => ({ app, appVersion, event: { name: `/${call.name}`, payload: { login: call.login, args: call.args } } }),
          answeringOutages(fn) as (call: unknown) => unknown,
          parts.gate,
        );
        // Typed during a reload's swap: the call waits for the version that runs next.
        return ((call: HeldCommandCall & { args: string[] }) => {
          const hold = parts.gate.hold;
          return hold ? hold.command(call) : run(call);
        }) as H;
      };
      if (!accepting()) throw new PitwallError('PW_ERR_APP_STOPPED', { id });
      const names = typeof nameOrSpec === 'string' ? [nameOrSpec, ...(options?.aliases ?? [])] : [nameOrSpec.name, ...(nameOrSpec.aliases ?? [])];
      parts.gate.hold?.free(names);
      if (typeof nameOrSpec === 'string') return track(parts.commands.register(id, nameOrSpec, wrap(nameOrSpec, handler as CommandHandler), options));
      const spec: CommandSpec = {
        ...nameOrSpec,
        ...(nameOrSpec.subcommands && {
          subcommands: Object.fromEntries(
            Object.entries(nameOrSpec.subcommands).map(([sub, { spec: subSpec, handler: subHandler }]) => [sub, { spec: subSpec, handler: wrap(`${nameOrSpec.name} ${sub}`, subHandler) }]),
          ),
        }),
      };
      return track(parts.commands.register<ParamDeclaration>(id, spec, handler && wrap(nameOrSpec.name, handler as TypedCommandHandler)));
    },

    can: parts.commands.allows,

    every(schedule, fn) {
      const tick = nonOverlapping(boundary, { ...attribution, event: { name: `every ${schedule}` } }, fn);
      if (typeof schedule === 'number') {
        if (!Number.isFinite(schedule) || schedule < 1) {
          throw new PitwallError('PW_ERR_APP_SCHEDULE', { id, schedule: String(schedule), reason: 'an interval must be at least 1 ms' });
        }
        // Node turns a longer interval into 1 ms, which would run the job continuously.
        if (schedule > MAX_TIMER_MS) {
          throw new PitwallError('PW_ERR_APP_SCHEDULE', { id, schedule: String(schedule), reason: `an interval must be at most ${MAX_TIMER_MS} ms` });
        }
        const timer = setInterval(tick, schedule).unref();
        return track(toDisposable(() => clearInterval(timer)));
      }
      let job: CronJob;
      try {
        job = CronJob.from({ cronTime: schedule, onTick: tick, start: true, unrefTimeout: true });
      } catch (error) {
        throw new PitwallError('PW_ERR_APP_SCHEDULE', { id, schedule, reason: (error as Error).message }, { cause: error });
      }
      return track(toDisposable(() => void job.stop()));
    },

    after(ms, fn) {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_TIMER_MS) {
        throw new PitwallError('PW_ERR_APP_DELAY', { id, ms: typeof ms === 'string' ? `'${ms}'` : String(ms) });
      }
      const owner = { ...attribution, event: { name: `after ${ms}ms` } };
      const run = (): void => {
        store.delete(disposable);
        boundary.run(owner, fn);
      };
      // 0 ms is the loop's next turn: Node's setTimeout would wait 1 ms at least.
      const timer = ms === 0 ? setImmediate(run).unref() : setTimeout(run, ms).unref();
      const disposable = toDisposable(() => (ms === 0 ? clearImmediate(timer as NodeJS.Immediate) : clearTimeout(timer as NodeJS.Timeout)));
      return track(disposable);
    },

    onSettingsChange(listener) {
      return track(parts.onSettingsChange(listener as (change: SettingsChange) => unknown));
    },

    onStop(cleanup) {
      return track(toDisposable(cleanup as () => void));
    },

    dependency<T>(dependencyId: string): T {
      if (!(definition.dependsOn ?? []).includes(dependencyId)) {
        throw new PitwallError('PW_ERR_APP_UNDECLARED_DEPENDENCY', { id, dependency: dependencyId });
      }
      return parts.exportsOf(dependencyId) as T;
    },

    optionalDependency<T>(dependencyId: string): T | undefined {
      if (!(definition.uses ?? []).includes(dependencyId)) throw new PitwallError('PW_ERR_APP_UNDECLARED_USE', { id, dependency: dependencyId });
      return parts.runningExportsOf(dependencyId) as T | undefined;
    },

    t: (login: string, key: string, params?: Record<string, unknown>) => line(login, key, params),

    async tell(login: string, key: string, params?: Record<string, unknown>) {
      await server.chatTo(login, await line(login, key, params));
    },

    async announce(key: string, params?: Record<string, unknown>) {
      translate(id, definition.messages, 'en', key, params);
      const logins = [...server.players.keys()];
      // One wait for every player's language and one translation per language: a full server's announce
      // costs no more turns than a small one's.
      const spoken = await Promise.all(logins.map((login) => languages.languageOf(login)));
      const lines = new Map<string, string>();
      const byLine = new Map<string, string[]>();
      logins.forEach((login, index) => {
        const language = spoken[index]!;
        let text = lines.get(language);
        if (text === undefined) lines.set(language, (text = translate(id, definition.messages, language, key, params)));
        const readers = byLine.get(text);
        if (readers) readers.push(login);
        else byLine.set(text, [login]);
      });
      // Everyone reads the same line (or nobody is there): one public message, as ctx.server.chat sends.
      if (byLine.size <= 1) return server.chat([...byLine.keys()][0] ?? translate(id, definition.messages, 'en', key, params));
      await Promise.all([...byLine].map(([text, readers]) => server.chatTo(readers, text)));
    },
  };
}

/** The longest delay setTimeout/setInterval honour (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** A timer callback that skips a tick while the previous run is still in progress. */
function nonOverlapping(boundary: FaultBoundary, attribution: Attribution, fn: () => unknown): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    const result = boundary.run(attribution, fn);
    if (result instanceof Promise) void result.finally(() => (running = false));
    else running = false;
  };
}
