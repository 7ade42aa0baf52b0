import { toDisposable, type Disposable } from '../disposables.js';
import type { Logger } from '../logging/logger.js';
import { blame } from './blame.js';
import type { Attribution } from './error-sink.js';
import type { FaultBoundary } from './fault-boundary.js';

export interface ProcessNetOptions {
  logger: Logger;
  /** An app called process.exit: the controller should stop in order (the process is not ended here). */
  onAppExit?: (app: string, code: number) => void;
  /** How often the net checks that its handlers and the process-wide functions are still in place (default 10 s). */
  checkEveryMs?: number;
}

/** Process-wide functions apps might replace: the timers the core relies on, and the console's output. */
const WATCHED: { owner: () => object; key: string; name: string }[] = [
  { owner: () => globalThis, key: 'setTimeout', name: 'setTimeout' },
  { owner: () => globalThis, key: 'setInterval', name: 'setInterval' },
  { owner: () => globalThis, key: 'setImmediate', name: 'setImmediate' },
  { owner: () => globalThis, key: 'clearTimeout', name: 'clearTimeout' },
  { owner: () => globalThis, key: 'clearInterval', name: 'clearInterval' },
  { owner: () => process.stdout, key: 'write', name: 'process.stdout.write' },
  { owner: () => process.stderr, key: 'write', name: 'process.stderr.write' },
];

const NET_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The last net: errors nobody caught (a throw in a raw timer, a forgotten promise) are attributed and
 * captured instead of killing the controller. Apps never install process handlers themselves. What an app
 * does to the process itself cannot all be prevented in-process, so it is noticed instead: process.exit
 * from an app becomes an orderly stop, and removed handlers or replaced timer and output functions are put
 * back or logged, naming the app that did it.
 */
export function installProcessNet(boundary: FaultBoundary, options?: ProcessNetOptions): Disposable {
  const onException = (error: unknown): void => boundary.capture(error);
  const onRejection = (reason: unknown): void => boundary.capture(reason);
  const listeners = { uncaughtException: onException, unhandledRejection: onRejection };
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  const undo: (() => void)[] = [];
  if (options) undo.push(...watchProcess(boundary, listeners, options));
  return toDisposable(() => {
    for (const step of undo.reverse()) step();
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  });
}

/** Who runs now: the app scope, else an app folder on the stack, else core. */
function caller(boundary: FaultBoundary): Attribution {
  return boundary.attribute(new Error('caller'));
}

function watchProcess(boundary: FaultBoundary, listeners: Record<(typeof NET_EVENTS)[number], AnyFunction>, options: ProcessNetOptions): (() => void)[] {
  const { logger } = options;
  const undo: (() => void)[] = [];

  // process.exit from an app: logged with its id, and turned into an orderly stop of every app.
  const exit = process.exit;
  let exitRequested = false;
  process.exit = function exitCalled(code?: number | string | null): never {
    const who = caller(boundary);
    if (who.app === 'core') return exit.call(process, code as number);
    const exitCode = Number(code ?? process.exitCode ?? 0) || 0;
    if (!exitRequested) {
      exitRequested = true;
      logger.error(`App '${who.app}' called process.exit(${exitCode}); Pitwall stops every app in order instead of exiting at once`, { label: who.app });
      options.onAppExit?.(who.app, exitCode);
    }
    return undefined as never;
  } as typeof process.exit;
  undo.push(() => (process.exit = exit));

  // Who removed the net's own handlers: noted when it happens, logged (and undone) by the periodic check.
  let netRemovedBy: Attribution | undefined;
  const removers = ['removeListener', 'off', 'removeAllListeners'] as const;
  for (const method of removers) {
    const original = process[method];
    process[method] = function (this: NodeJS.Process, event?: string | symbol, ...rest: unknown[]) {
      if ((NET_EVENTS as readonly unknown[]).includes(event) || event === undefined) netRemovedBy ??= caller(boundary);
      return (original as AnyFunction).call(this, event, ...rest);
    } as never;
    undo.push(() => {
      delete (process as unknown as Record<string, unknown>)[method];
      if (process[method] !== original) process[method] = original as never;
    });
  }

  // Replacing a watched function goes through a setter that notes who did it; callers get the replacement
  // wrapped so that what it throws is blamed on the replacer.
  const changes: { name: string; by: Attribution }[] = [];
  for (const watched of WATCHED) {
    const owner = watched.owner() as Record<string, unknown>;
    const ownDescriptor = Object.getOwnPropertyDescriptor(owner, watched.key);
    const original = owner[watched.key] as AnyFunction;
    let exposed: AnyFunction = original;
    Object.defineProperty(owner, watched.key, {
      configurable: true,
      enumerable: ownDescriptor?.enumerable ?? false,
      get: () => exposed,
      set: (replacement: AnyFunction) => {
        const by = caller(boundary);
        exposed = replacement === original || typeof replacement !== 'function' ? replacement : blamedWrapper(replacement, by);
        changes.push({ name: watched.name, by });
      },
    });
    undo.push(() => {
      if (ownDescriptor) Object.defineProperty(owner, watched.key, ownDescriptor);
      else delete owner[watched.key];
    });
  }

  const check = (): void => {
    for (const event of NET_EVENTS) {
      if ((process.listeners(event as 'uncaughtException') as unknown[]).includes(listeners[event])) continue;
      process.on(event, listeners[event] as never);
      logger.error(`The ${event} handler of Pitwall's process-level net was removed ${describe(netRemovedBy)}; it was put back`, { label: netRemovedBy?.app ?? 'core' });
    }
    netRemovedBy = undefined;
    for (const { name, by } of changes.splice(0)) {
      logger.warn(`${name} was replaced ${describe(by)}; errors it throws are attributed to ${by.app === 'core' ? 'core' : `app '${by.app}'`}`, { label: by.app });
    }
    for (const watched of WATCHED) {
      const descriptor = Object.getOwnPropertyDescriptor(watched.owner(), watched.key);
      if (descriptor && !descriptor.get && !reported.has(watched.name)) {
        reported.add(watched.name);
        logger.warn(`${watched.name} was redefined (Object.defineProperty) by code Pitwall cannot name; errors from it are attributed to its callers`, { label: 'core' });
      }
    }
  };
  const reported = new Set<string>();
  const timer = setInterval(check, options.checkEveryMs ?? 10_000).unref();
  undo.push(() => clearInterval(timer));
  return undo;
}

function describe(by: Attribution | undefined): string {
  if (!by) return 'by code Pitwall cannot name';
  return by.app === 'core' ? 'by core code' : `by app '${by.app}'`;
}

/** The replacement, with whatever it throws blamed on the app that installed it. */
function blamedWrapper(replacement: AnyFunction, by: Attribution): AnyFunction {
  if (by.app === 'core') return replacement;
  return function (this: unknown, ...args: unknown[]) {
    try {
      return replacement.apply(this, args);
    } catch (error) {
      blame(error, by);
      throw error;
    }
  };
}
