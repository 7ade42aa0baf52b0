import { Worker } from 'node:worker_threads';
import { PitwallError } from '../../errors.js';
import type { Disposable } from '../../disposables.js';
import type { GameServer } from '../../server/facade.js';
import type { AppLogger } from '../app-logger.js';
import type { AppContext, AppDefinition } from '../define.js';
import type { Attribution } from '../error-sink.js';
import type { FaultBoundary } from '../fault-boundary.js';
import { Markup } from '../../ui/markup.js';
import { appDataPath } from '../data-folder.js';
import { StateMirror } from './state-mirror.js';
import { fromWire, toWire, type FromWorker, type ToWorker, type WireDefinition, type WireMarkup, type WireServerState, type WorkerStart } from './protocol.js';

/** How the host runs one app in a worker thread. */
export interface WorkerAppOptions {
  /** The APPS entry, for messages. */
  entry: string;
  /** What the worker imports: a file URL or a package name. */
  specifier: string;
  /** The old-generation heap the worker may use, in MB (resourceLimits.maxOldGenerationSizeMb). */
  heapMb: number;
  /** How long a command the app handles may take (APP_HOOK_TIMEOUT_MS). */
  callTimeoutMs: number;
  /** DATABASE_URL and DATA_DIR, for the worker's own connection. */
  database: { url: string; dataDir: string };
  boundary: FaultBoundary;
  /** Called once when the worker of a running app ends without being asked to (the reason says why). */
  onEnded(reason: string): void;
}

const SERVER_METHODS = new Set(['chat', 'chatTo', 'kick', 'nextMap', 'call', 'multicall', 'scriptCall']);
const CTX_METHODS = new Set(['ui.show', 'ui.hide', 'ui.widget', 't', 'tell', 'announce']);

/**
 * The controller's half of an app with `isolation: 'worker'`. `load()` starts a worker that imports the app's
 * module and answers with its definition; the definition handed to the host has hooks that run the real ones
 * in the worker, and wire the host's ctx (the same one an in-process app gets) to the worker's calls. Each
 * init after a stop starts a fresh worker, so the app's modules are imported anew.
 */
export class WorkerApp {
  private worker?: Worker;
  /** A worker started by load() and not yet used by an init. */
  private spare?: Worker;
  private ending = new WeakSet<Worker>();
  private seq = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly commandCalls = new Map<number, { reply(text: string): Promise<void> }>();
  private readonly registrations = new Map<number, Disposable>();
  private attribution: Attribution = { app: 'core' };
  /** What the worker running now holds of the server's state. */
  private state = new StateMirror();

  constructor(private readonly options: WorkerAppOptions) {}

  /** Starts the worker, imports the app there, and returns its definition with hooks run in the worker. */
  async load(): Promise<AppDefinition> {
    const { worker, definition } = await this.spawn();
    this.spare = worker;
    return this.definitionFrom(definition);
  }

  /** The worker running now, for tests and `//app list` (undefined while stopped). */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  private spawn(): Promise<{ worker: Worker; definition: WireDefinition }> {
    const start: WorkerStart = { specifier: this.options.specifier, entry: this.options.entry, hookTimeoutMs: this.options.callTimeoutMs, database: this.options.database };
    const worker = new Worker(new URL('./worker-side.js', import.meta.url), {
      workerData: start,
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb },
      // The app's output goes through ctx.logger; a stray console.log still reaches the controller's stdout.
      stdout: false,
      stderr: false,
    });
    return new Promise((resolve, reject) => {
      const fail = (reason: string, cause?: unknown): void => {
        this.ending.add(worker);
        void worker.terminate();
        reject(new PitwallError('PW_ERR_APP_NOT_FOUND', { entry: this.options.entry, reason }, cause === undefined ? undefined : { cause }));
      };
      const onMessage = (message: FromWorker): void => {
        if (message.t === 'ready') {
          cleanup();
          resolve({ worker, definition: message.definition });
        } else if (message.t === 'load-failed') {
          cleanup();
          const error = fromWire(message.error);
          // A wrong definition is the owner's or developer's to fix, named as in process; a throw is the app's.
          if (message.error.code === 'PW_ERR_APP_INVALID') return fail(message.error.message.replace(/^App '[^']*' listed in APPS could not be loaded: /, ''));
          fail(`importing it in its worker thread failed: ${error.message}`, error);
        }
      };
      const onError = (error: Error): void => {
        cleanup();
        fail(`its worker thread failed while importing it: ${describeEnd(error, this.options.heapMb)}`, error);
      };
      const onExit = (code: number): void => {
        cleanup();
        fail(`its worker thread exited with code ${code} while importing it`);
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  private definitionFrom(wire: WireDefinition): AppDefinition {
    const definition: AppDefinition = {
      id: wire.id,
      version: wire.version,
      ...(wire.description !== undefined ? { description: wire.description } : {}),
      ...(wire.dependsOn ? { dependsOn: wire.dependsOn } : {}),
      ...(wire.uses ? { uses: wire.uses } : {}),
      ...(wire.settings ? { settings: wire.settings as AppDefinition['settings'] } : {}),
      ...(wire.reporting ? { reporting: wire.reporting } : {}),
      ...(wire.messages ? { messages: wire.messages as AppDefinition['messages'] } : {}),
      isolation: 'worker',
      init: (ctx) => this.init(ctx),
      start: (ctx) => this.hook('start', ctx),
      stop: (ctx) => this.stop(ctx),
    };
    return definition;
  }

  private async init(ctx: AppContext): Promise<undefined> {
    this.attribution = { app: ctx.id, appVersion: ctx.version, isolation: 'worker' };
    let worker = this.spare;
    this.spare = undefined;
    if (!worker) worker = (await this.spawn()).worker;
    this.worker = worker;
    this.wire(worker, ctx);
    // Registered first, so it runs last: the worker ends after the host removed everything it registered.
    ctx.onStop(() => this.end());
    await this.hook('init', ctx);
    return undefined;
  }

  private async stop(ctx: AppContext): Promise<void> {
    if (!this.worker) return;
    await this.hook('stop', ctx);
  }

  /** Ends the worker on purpose (the app stops, or failed). */
  private async end(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    for (const registration of this.registrations.values()) await registration.dispose();
    this.registrations.clear();
    this.commandCalls.clear();
    this.rejectWaiting('the app stopped');
    if (!worker) return;
    this.ending.add(worker);
    await worker.terminate();
  }

  private hook(hook: 'init' | 'start' | 'stop', ctx: AppContext): Promise<void> {
    return this.request((seq) => ({ t: 'hook', seq, hook, settings: { ...ctx.settings }, dataDir: appDataPath(this.options.database.dataDir, ctx.id), state: this.state.full(ctx.server) })) as Promise<void>;
  }

  private request(message: (seq: number) => ToWorker, timeout?: { ms: number; what: string }): Promise<unknown> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new PitwallError('PW_ERR_APP_STOPPED', { id: this.attribution.app }));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      if (timeout) {
        timer = setTimeout(() => {
          this.waiting.delete(seq);
          reject(new PitwallError('PW_ERR_APP_WORKER_TIMEOUT', { id: this.attribution.app, what: timeout.what, ms: timeout.ms }));
        }, timeout.ms);
      }
      this.waiting.set(seq, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      try {
        worker.postMessage(message(seq));
      } catch (error) {
        this.waiting.delete(seq);
        clearTimeout(timer);
        reject(error);
      }
    });
  }

  private rejectWaiting(reason: string): void {
    const error = new PitwallError('PW_ERR_APP_WORKER_ENDED', { id: this.attribution.app, reason });
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }

  /** Connects one worker to the app's host-side ctx: its calls, logs, errors and registrations. */
  private wire(worker: Worker, ctx: AppContext): void {
    const { boundary } = this.options;
    const loggers = new Map<string, AppLogger>([[ctx.id, ctx.logger]]);
    const loggerFor = (label: string): AppLogger => {
      let logger = loggers.get(label);
      if (!logger) loggers.set(label, (logger = label.startsWith(`${ctx.id}:`) ? ctx.logger.child(label.slice(ctx.id.length + 1)) : ctx.logger));
      return logger;
    };
    const send = (message: ToWorker): void => {
      try {
        worker.postMessage(message);
      } catch (error) {
        boundary.capture(error, this.attribution);
      }
    };
    const track = (key: number, register: () => Disposable): void => {
      try {
        this.registrations.set(key, register());
      } catch (error) {
        boundary.capture(error, this.attribution);
      }
    };
    const commandHandler = (key: number, name: string) => async (call: { login: string; name: string; args: string[]; text: string; params?: unknown; reply(text: string): Promise<void> }) => {
      let seq = 0;
      try {
        await this.request(
          (requestSeq) => {
            seq = requestSeq;
            this.commandCalls.set(seq, call);
            const state = this.state.ifChanged(ctx.server);
            return { t: 'command', seq, key, call: { login: call.login, name: call.name, args: call.args, text: call.text, ...(call.params !== undefined ? { params: call.params } : {}) }, ...(state ? { state } : {}) };
          },
          { ms: this.options.callTimeoutMs, what: `/${name}` },
        );
      } finally {
        this.commandCalls.delete(seq);
      }
    };
    // Command calls are answered by seq of the request; reply() names the request, so index by that.
    const replyTargets = this.commandCalls;

    worker.on('message', (message: FromWorker) => {
      switch (message.t) {
        case 'done': {
          const waiting = this.waiting.get(message.seq);
          if (!waiting) return;
          this.waiting.delete(message.seq);
          if (message.ok) waiting.resolve(message.value);
          else waiting.reject(fromWire(message.error));
          return;
        }
        case 'call':
          void this.answer(worker, ctx, message, replyTargets);
          return;
        case 'log':
          loggerFor(message.label)[message.level as 'info'](message.message, message.fields);
          return;
        case 'error':
          boundary.capture(fromWire(message.error), { ...this.attribution, ...(message.event ? { event: message.event } : {}), ...(message.hook ? { hook: message.hook } : {}) });
          return;
        case 'on':
          track(message.key, () =>
            ctx.on(message.event as 'playerChat', (payload) => {
              const state = this.state.ifChanged(ctx.server);
              send({ t: 'event', name: message.event, payload, ...(state ? { state } : {}) });
            }),
          );
          return;
        case 'settings-listen':
          track(message.key, () => ctx.onSettingsChange((change) => send({ t: 'settings', settings: { ...ctx.settings }, change })));
          return;
        case 'command-register': {
          const { spec, handlers, options } = message;
          track(message.key, () => {
            if (typeof spec === 'string') return ctx.command(spec, commandHandler(handlers['']!, spec) as never, options as never);
            const subcommands = spec.subcommands as Record<string, { spec: unknown }> | undefined;
            const full = {
              ...spec,
              ...(subcommands && {
                subcommands: Object.fromEntries(Object.entries(subcommands).map(([sub, entry]) => [sub, { spec: entry.spec, handler: commandHandler(handlers[sub]!, `${spec.name} ${sub}`) }])),
              }),
            };
            return ctx.command(full as never, handlers[''] !== undefined ? (commandHandler(handlers['']!, spec.name) as never) : undefined);
          });
          return;
        }
        case 'unregister': {
          const registration = this.registrations.get(message.key);
          this.registrations.delete(message.key);
          void registration?.dispose();
          return;
        }
      }
    });
    worker.on('error', (error) => {
      if (this.ending.has(worker)) return;
      // An uncaught throw inside the worker is the app's: reported, then the worker is gone.
      if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') boundary.capture(error, this.attribution);
      this.ended(worker, describeEnd(error, this.options.heapMb));
    });
    worker.on('exit', (code) => {
      if (this.ending.has(worker)) return;
      this.ended(worker, `its worker thread exited with code ${code} (the app called process.exit)`);
    });
  }

  private ended(worker: Worker, reason: string): void {
    if (this.ending.has(worker)) return;
    this.ending.add(worker);
    if (this.worker === worker) this.worker = undefined;
    this.rejectWaiting(reason);
    this.options.onEnded(reason);
  }

  private async answer(worker: Worker, ctx: AppContext, message: Extract<FromWorker, { t: 'call' }>, calls: Map<number, { reply(text: string): Promise<void> }>): Promise<void> {
    const reply = (answer: ToWorker): void => {
      if (this.ending.has(worker)) return;
      try {
        worker.postMessage(answer);
      } catch (error) {
        worker.postMessage({ t: 'answer', seq: message.seq, ok: false, error: toWire(new PitwallError('PW_ERR_APP_WORKER_DATA', { id: ctx.id, what: `the answer of ${message.method}()`, reason: (error as Error).message })) });
      }
    };
    try {
      const value = await this.invoke(ctx, message, calls);
      reply({ t: 'answer', seq: message.seq, ok: true, value });
    } catch (error) {
      reply({ t: 'answer', seq: message.seq, ok: false, error: toWire(error) });
    }
  }

  /**
   * The worker's page as Markup: its XML was built and escaped by the same renderer in the worker; each action
   * runs its handler there, with the permissions checked here as for any app.
   */
  private markupFrom(page: string, wire: WireMarkup): Markup {
    const actions = wire.actions.map(({ slot, key, level, admin }) => ({
      slot,
      spec: {
        ...(level ? { level: level as 'player' } : {}),
        ...(admin !== undefined ? { admin } : {}),
        handler: (click: unknown) => this.request((seq) => ({ t: 'invoke', seq, key, payload: click }), { ms: this.options.callTimeoutMs, what: `a click on page '${page}'` }),
      },
    }));
    return new Markup(wire.xml, actions.length ? actions : undefined);
  }

  private invoke(ctx: AppContext, message: Extract<FromWorker, { t: 'call' }>, calls: Map<number, { reply(text: string): Promise<void> }>): unknown {
    const { target, method, args } = message;
    if (target === 'server' && SERVER_METHODS.has(method)) return (ctx.server as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
    if (target === 'ctx' && CTX_METHODS.has(method)) {
      if (method === 'ui.show') {
        const [id, wire, target] = args as [string, WireMarkup, Parameters<AppContext['ui']['show']>[2]];
        return ctx.ui.show(id as never, this.markupFrom(id, wire), target);
      }
      if (method === 'ui.hide') return ctx.ui.hide(...(args as Parameters<AppContext['ui']['hide']>));
      if (method === 'ui.widget') return ctx.ui.widget(...(args as Parameters<AppContext['ui']['widget']>));
      return (ctx as unknown as Record<string, (...a: unknown[]) => unknown>)[method]!(...args);
    }
    if (target === 'call' && method === 'reply') {
      // The worker names the command call by the seq of the request it received.
      return calls.get(message.callSeq ?? -1)?.reply(String(args[0]));
    }
    throw new PitwallError('PW_ERR_APP_WORKER_UNSUPPORTED', { id: ctx.id, what: `${target}.${method}()`, fix: 'use the calls ctx offers (docs/apps.md, Worker isolation)' });
  }
}

function describeEnd(error: Error, heapMb: number): string {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') return `its worker thread ran out of memory (heap limit ${heapMb} MB)`;
  return `its worker thread stopped on an uncaught ${error.name}: ${error.message}`;
}

