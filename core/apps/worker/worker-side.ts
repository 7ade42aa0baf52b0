import { parentPort, workerData } from 'node:worker_threads';
import { CronJob } from 'cron';
import { PitwallError } from '../../errors.js';
import { SERVER_EVENTS } from '../../server/event-map.js';
import type { Kysely } from 'kysely';
import { validateDefinition } from '../load.js';
import { Fragment, Markup, type Child } from '../../ui/markup.js';
import { isCrowdContent } from '../../ui/crowd.js';
import type { AppDefinition } from '../define.js';
import { WorkerDatabase } from './worker-database.js';
import { lazyDataFolder } from '../data-folder.js';
import { toWire, fromWire, type FromWorker, type ToWorker, type WireMarkup, type WireServerState, type WorkerStart } from './protocol.js';

/**
 * The worker thread's half of an app with `isolation: 'worker'`: it imports the app's module, gives it a ctx
 * whose calls cross the MessagePort to the controller, and runs what the controller sends (hooks, events,
 * commands, settings changes). Nothing here can reach the controller's heap.
 */
const port = parentPort!;
const start = workerData as WorkerStart;
const post = (message: FromWorker): void => port.postMessage(message);

let seq = 0;
const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
const handlers = new Map<number, (...args: any[]) => unknown>();
const stopCleanups = new Map<number, () => unknown>();
let nextKey = 0;
let settings: Record<string, unknown> = {};
/** ctx.dataDir: the folder the controller names, created on the app's first read (see lazyDataFolder). */
let dataDir: () => string = () => '';
let dataPath = '';
let state: WireServerState = { info: undefined, players: [], currentMap: undefined };
let players = new Map<string, unknown>();
let active = false;
/** Which handler keys listen to which event, and which to settings changes. */
const eventKeys = new Map<number, string>();
const settingsKeys = new Set<number>();

function setState(next: WireServerState): void {
  state = next;
  players = new Map(next.players);
}

/** A call to the controller; resolves with its answer. */
function call(target: 'ctx' | 'server' | 'call', method: string, args: unknown[], callSeq?: number): Promise<unknown> {
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    try {
      post({ t: 'call', seq: id, target, method, args, ...(callSeq !== undefined ? { callSeq } : {}) });
    } catch (error) {
      pending.delete(id);
      reject(new PitwallError('PW_ERR_APP_WORKER_DATA', { id: start.entry, what: `${target === 'ctx' ? 'ctx' : target === 'server' ? 'ctx.server' : 'call'}.${method}()`, reason: (error as Error).message }, { cause: error }));
    }
  });
}

function report(error: unknown, event?: { name: string; payload?: unknown }, hook?: string): void {
  try {
    post({ t: 'error', error: toWire(error), ...(event ? { event } : {}), ...(hook ? { hook } : {}) });
  } catch {
    post({ t: 'error', error: toWire(error), ...(event ? { event: { name: event.name } } : {}), ...(hook ? { hook } : {}) });
  }
}

/** Runs app code as the controller's fault boundary would: a throw or rejection is reported, never escapes. */
function guarded(event: { name: string; payload?: unknown } | undefined, fn: () => unknown): Promise<unknown> {
  try {
    const result = fn();
    return Promise.resolve(result).catch((error) => {
      report(error, event);
      return undefined;
    });
  } catch (error) {
    report(error, event);
    return Promise.resolve(undefined);
  }
}

function register(add: (key: number) => FromWorker, fn?: (...args: any[]) => unknown): { key: number; dispose(): void } {
  if (!active) throw new PitwallError('PW_ERR_APP_STOPPED', { id: definition?.id ?? start.entry });
  const key = ++nextKey;
  if (fn) handlers.set(key, fn);
  post(add(key));
  return {
    key,
    dispose() {
      eventKeys.delete(key);
      settingsKeys.delete(key);
      if (!handlers.delete(key)) return;
      post({ t: 'unregister', key });
    },
  };
}

function unsupported(what: string, fix: string): never {
  throw new PitwallError('PW_ERR_APP_WORKER_UNSUPPORTED', { id: definition?.id ?? start.entry, what, fix });
}

const logger = (label: string): unknown =>
  Object.freeze({
    ...Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [
        level,
        (message: string | Error, fields?: Record<string, unknown>) =>
          post({ t: 'log', level, label, message: message instanceof Error ? message.stack ?? message.message : String(message), ...(fields && typeof fields === 'object' ? { fields: JSON.parse(JSON.stringify(fields)) as Record<string, unknown> } : {}) }),
      ]),
    ),
    child: (part: string) => logger(`${label}:${String(part)}`),
  });

const server = Object.freeze({
  get info() {
    return state.info;
  },
  get players() {
    return players;
  },
  get playerCount() {
    return [...players.values()].filter((player) => !(player as { isSpectator?: boolean }).isSpectator).length;
  },
  get spectatorCount() {
    return [...players.values()].filter((player) => (player as { isSpectator?: boolean }).isSpectator).length;
  },
  get currentMap() {
    return state.currentMap;
  },
  chat: (text: string) => call('server', 'chat', [text]),
  chatTo: (logins: string | readonly string[], text: string) => call('server', 'chatTo', [logins, text]),
  kick: (login: string, message?: string) => call('server', 'kick', message === undefined ? [login] : [login, message]),
  nextMap: () => call('server', 'nextMap', []),
  call: (method: string, ...params: unknown[]) => call('server', 'call', [method, ...params]),
  multicall: (calls: unknown) => call('server', 'multicall', [calls]),
  scriptCall: (event: string, params?: string[]) => call('server', 'scriptCall', params === undefined ? [event] : [event, params]),
});

let definition: AppDefinition | undefined;

function contextFor(app: AppDefinition): unknown {
  const timer = (make: (tick: () => void) => () => void, name: string, fn: () => unknown): { dispose(): void } => {
    let running = false;
    const tick = (): void => {
      if (running || !active) return;
      running = true;
      void guarded({ name }, fn).finally(() => (running = false));
    };
    const clear = make(tick);
    const key = ++nextKey;
    stopCleanups.set(key, clear);
    return { dispose: () => void (stopCleanups.delete(key) && clear()) };
  };
  return {
    id: app.id,
    version: app.version,
    logger: logger(app.id),
    get settings() {
      return settings;
    },
    get dataDir() {
      return dataDir();
    },
    get container(): never {
      return unsupported('ctx.container', 'register services in process, or keep them in the app module');
    },
    server,
    ui: {
      show: (id: string, content: unknown, target?: unknown) => {
        if (typeof content === 'function' || isCrowdContent(content)) {
          return Promise.reject(new PitwallError('PW_ERR_APP_WORKER_UNSUPPORTED', { id: app.id, what: 'ctx.ui.show() with content made per player', fix: 'show each player their page with { to: login }' }));
        }
        return call('ctx', 'ui.show', target === undefined ? [id, wireMarkup(content as Child)] : [id, wireMarkup(content as Child), target]);
      },
      hide: (...args: unknown[]) => call('ctx', 'ui.hide', args),
      get crowded(): never {
        return unsupported('ctx.ui.crowded', 'show each player their page with { to: login }, or run the app in process');
      },
      // Declared in the main thread's registry; a bad id comes back as the call's rejection, the app's error.
      widget: (...args: unknown[]) => void call('ctx', 'ui.widget', args),
    },
    get db(): Kysely<unknown> {
      return appDatabase.db(app.id);
    },
    on(event: string, handler: (payload: unknown) => unknown) {
      const name = String(event);
      if (!(SERVER_EVENTS as readonly string[]).includes(name)) {
        throw new PitwallError('PW_ERR_APP_EVENT', { id: app.id, event: JSON.stringify(name).slice(0, 80), known: SERVER_EVENTS });
      }
      return register((key) => {
        eventKeys.set(key, String(event));
        return { t: 'on', key, event: String(event) };
      }, handler);
    },
    command(nameOrSpec: string | Record<string, unknown>, handler?: (call: unknown) => unknown, options?: Record<string, unknown>) {
      const keys: Record<string, number> = {};
      let spec: Record<string, unknown> | string = nameOrSpec as string;
      const take = (name: string, fn: unknown): void => {
        if (typeof fn !== 'function') return;
        const key = ++nextKey;
        handlers.set(key, fn as (call: unknown) => unknown);
        keys[name] = key;
      };
      if (!active) throw new PitwallError('PW_ERR_APP_STOPPED', { id: app.id });
      take('', handler);
      if (typeof nameOrSpec === 'object' && nameOrSpec !== null) {
        const subcommands = nameOrSpec.subcommands as Record<string, { spec: unknown; handler: unknown }> | undefined;
        spec = { ...nameOrSpec };
        if (subcommands) {
          spec.subcommands = Object.fromEntries(Object.entries(subcommands).map(([sub, entry]) => {
            take(sub, entry.handler);
            return [sub, { spec: entry.spec }];
          }));
        }
      }
      // The command's own key is never a handler: its handlers are keyed one by one in `keys`.
      return register((key) => ({ t: 'command-register', key, spec: spec as never, ...(options ? { options } : {}), handlers: keys }), () => undefined);
    },
    can: () => unsupported('ctx.can()', 'declare the level on the command ({ name, level }), which the controller checks'),
    every(schedule: string | number, fn: () => unknown) {
      if (typeof schedule === 'number') {
        if (!Number.isFinite(schedule) || schedule < 1 || schedule > 2_147_483_647) {
          throw new PitwallError('PW_ERR_APP_SCHEDULE', { id: app.id, schedule: String(schedule), reason: 'an interval must be from 1 ms to 2147483647 ms' });
        }
        return timer((tick) => {
          const interval = setInterval(tick, schedule);
          return () => clearInterval(interval);
        }, `every ${schedule}`, fn);
      }
      return timer((tick) => {
        let job: CronJob;
        try {
          job = CronJob.from({ cronTime: schedule, onTick: tick, start: true });
        } catch (error) {
          throw new PitwallError('PW_ERR_APP_SCHEDULE', { id: app.id, schedule, reason: (error as Error).message }, { cause: error });
        }
        return () => void job.stop();
      }, `every ${schedule}`, fn);
    },
    after(ms: number, fn: () => unknown) {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 2_147_483_647) {
        throw new PitwallError('PW_ERR_APP_DELAY', { id: app.id, ms: String(ms) });
      }
      return timer((tick) => {
        const once = setTimeout(tick, ms);
        return () => clearTimeout(once);
      }, `after ${ms}ms`, fn);
    },
    onSettingsChange(listener: (change: unknown) => unknown) {
      return register((key) => {
        settingsKeys.add(key);
        return { t: 'settings-listen', key };
      }, listener);
    },
    onStop(cleanup: () => unknown) {
      const key = ++nextKey;
      stopCleanups.set(key, cleanup);
      return { dispose: () => void stopCleanups.delete(key) };
    },
    dependency: () => unsupported('ctx.dependency()', 'run both apps in process: what init() returns cannot cross to a worker'),
    optionalDependency: () => unsupported('ctx.optionalDependency()', 'run both apps in process: what init() returns cannot cross to a worker'),
    t: (login: string, key: string, params?: unknown) => call('ctx', 't', params === undefined ? [login, key] : [login, key, params]),
    tell: (login: string, key: string, params?: unknown) => call('ctx', 'tell', params === undefined ? [login, key] : [login, key, params]),
    announce: (key: string, params?: unknown) => call('ctx', 'announce', params === undefined ? [key] : [key, params]),
  };
}

let ctx: unknown;

/** Markup rendered here crosses as its XML, each action's handler kept here under a key. */
function wireMarkup(content: Child): WireMarkup {
  const markup = content instanceof Markup ? content : Fragment({ children: content });
  const actions = (markup.actions ?? []).map(({ slot, spec }) => {
    const key = ++nextKey;
    handlers.set(key, typeof spec === 'function' ? spec : spec.handler);
    const permissions = typeof spec === 'function' ? {} : { ...(spec.level ? { level: spec.level } : {}), ...(spec.admin !== undefined ? { admin: spec.admin } : {}) };
    return { slot, key, ...permissions };
  });
  return { xml: markup.xml, actions };
}
/** The worker's own connection to the controller's database (SQLite in WAL mode lets both write). */
const appDatabase = new WorkerDatabase(start.database, (id, message) => post({ t: 'log', level: 'info', label: id, message }));

async function runHook(hook: 'init' | 'start' | 'stop'): Promise<void> {
  const app = definition!;
  if (hook === 'init') {
    await appDatabase.migrate(app);
    active = true;
    ctx = contextFor(app);
  }
  const fn = app[hook];
  if (hook !== 'stop') {
    if (fn) await fn.call(app, ctx as never);
    return;
  }
  try {
    if (fn) await fn.call(app, ctx as never);
  } finally {
    active = false;
    for (const cleanup of [...stopCleanups.values()].reverse()) await guarded({ name: 'stop' }, cleanup);
    stopCleanups.clear();
    await appDatabase.close().catch(report);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.t) {
    case 'ping':
      post({ t: 'pong', seq: message.seq });
      return;
    case 'answer': {
      const waiting = pending.get(message.seq);
      if (!waiting) return;
      pending.delete(message.seq);
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(fromWire(message.error));
      return;
    }
    case 'hook':
      settings = message.settings;
      if (message.dataDir !== dataPath) {
        dataPath = message.dataDir;
        dataDir = lazyDataFolder(definition?.id ?? start.entry, dataPath);
      }
      setState(message.state);
      runHook(message.hook).then(
        () => post({ t: 'done', seq: message.seq, ok: true }),
        (error: unknown) => post({ t: 'done', seq: message.seq, ok: false, error: toWire(error) }),
      );
      return;
    case 'event': {
      if (message.state) setState(message.state);
      if (!active) return;
      for (const [key, name] of eventKeys) {
        const handler = handlers.get(key);
        if (handler && name === message.name) void guarded({ name, payload: message.payload }, () => handler(message.payload));
      }
      return;
    }
    case 'command': {
      if (message.state) setState(message.state);
      const handler = handlers.get(message.key);
      const callSeq = message.seq;
      const commandCall = { ...message.call, reply: (text: string) => call('call', 'reply', [text], callSeq) };
      Promise.resolve()
        .then(() => (handler && active ? handler(commandCall) : undefined))
        .then(
          () => post({ t: 'done', seq: callSeq, ok: true }),
          (error: unknown) => post({ t: 'done', seq: callSeq, ok: false, error: toWire(error) }),
        );
      return;
    }
    case 'invoke': {
      const handler = handlers.get(message.key);
      Promise.resolve()
        .then(() => (handler && active ? handler(message.payload) : undefined))
        .then(
          () => post({ t: 'done', seq: message.seq, ok: true }),
          (error: unknown) => post({ t: 'done', seq: message.seq, ok: false, error: toWire(error) }),
        );
      return;
    }
    case 'settings':
      settings = message.settings;
      for (const key of settingsKeys) {
        const listener = handlers.get(key);
        if (listener) void guarded({ name: 'settingsChange', payload: message.change }, () => listener(message.change));
      }
      return;
  }
});

port.on('messageerror', (error) => report(error));
// As in process, a promise the app forgot to await is its error, reported, and the app runs on.
process.on('unhandledRejection', (reason) => report(reason));

try {
  const namespace = (await import(start.specifier)) as Record<string, unknown>;
  const loaded = (namespace.default ?? namespace) as AppDefinition;
  validateDefinition(start.entry, loaded);
  definition = loaded;
  post({
    t: 'ready',
    definition: JSON.parse(
      JSON.stringify({
        id: loaded.id,
        version: loaded.version,
        description: loaded.description,
        dependsOn: loaded.dependsOn,
        uses: loaded.uses,
        settings: loaded.settings,
        reporting: loaded.reporting,
        messages: loaded.messages,
        hooks: { start: typeof loaded.start === 'function', stop: typeof loaded.stop === 'function' },
      }),
    ),
  });
} catch (error) {
  post({ t: 'load-failed', error: toWire(error) });
}
