import { AsyncLocalStorage } from 'node:async_hooks';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { inject, injectable } from 'tsyringe';
import { Settings } from '../config/schema.js';
import { PitwallError } from '../errors.js';
import { Logger } from '../logging/logger.js';
import { ErrorSink, type Attribution, type WarningKind } from './error-sink.js';

const CORE: Attribution = Object.freeze({ app: 'core' });

/**
 * Runs app code so that no error escapes and every error names its app. Each call into an app runs inside
 * an AsyncLocalStorage scope carrying the attribution, so async continuations and the process-level net
 * can still tell which app an error belongs to. Also keeps each app's error budget.
 */
@injectable()
export class FaultBoundary {
  private readonly scope = new AsyncLocalStorage<Attribution>();
  /** App folders (as paths and file URLs), longest first, for attributing by stack frame. */
  private appFolders: { prefix: string; attribution: Attribution }[] = [];
  private readonly recentErrors = new Map<string, number[]>();
  private readonly overBudget = new Set<string>();
  private readonly budget: { count: number; seconds: number };
  private overBudgetListener: (app: string, count: number) => void = () => {};

  constructor(
    @inject(ErrorSink) private readonly sink: ErrorSink,
    @inject(Settings) settings: Settings,
    @inject(Logger) private readonly logger: Logger,
  ) {
    this.budget = settings.APP_ERROR_BUDGET;
  }

  /** Called once per app when it raises more errors than APP_ERROR_BUDGET allows. */
  onOverBudget(listener: (app: string, count: number) => void): void {
    this.overBudgetListener = listener;
  }

  /** Lets errors whose stack runs through `folder` be attributed to the app even outside its scope. */
  registerAppFolder(folder: string, attribution: Attribution): void {
    const base = folder.endsWith('/') ? folder : `${folder}/`;
    this.appFolders.push({ prefix: base, attribution }, { prefix: pathToFileURL(base).href, attribution });
    this.appFolders.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The attribution of the code running now, if it runs inside an app's scope. */
  current(): Attribution | undefined {
    return this.scope.getStore();
  }

  /**
   * Runs `fn` as `attribution`. A sync throw or a rejected returned promise is captured; the caller gets
   * undefined (or a promise resolving to undefined) instead of an error.
   */
  run<T>(attribution: Attribution, fn: () => T): T | undefined {
    return this.scope.run(attribution, () => {
      try {
        const result = fn();
        if (isThenable(result)) {
          return result.then(undefined, (error: unknown) => this.capture(error, attribution)) as T;
        }
        return result;
      } catch (error) {
        this.capture(error, attribution);
        return undefined;
      }
    });
  }

  /** Runs a lifecycle hook as `attribution` without swallowing: the host decides what a failure means. */
  runHook<T>(attribution: Attribution, fn: () => T): T {
    return this.scope.run(attribution, fn);
  }

  /** `fn` wrapped so that every call runs as `attribution` (see run). */
  wrap<A extends unknown[]>(attribution: Attribution | ((...args: A) => Attribution), fn: (...args: A) => unknown): (...args: A) => void {
    if (typeof attribution === 'function') {
      return (...args: A) => {
        this.run(attribution(...args), () => fn(...args));
      };
    }
    return (...args: A) => {
      this.run(attribution, () => fn(...args));
    };
  }

  /**
   * A one-argument handler wrapped as `attribute(payload)`: the hot path of event dispatch, so it avoids
   * closures and rest arguments per call. Calls are skipped while `enabled()` is false.
   */
  listener<T>(attribute: (payload: T) => Attribution, fn: (payload: T) => unknown, enabled: () => boolean = always): (payload: T) => void {
    const scope = this.scope;
    return (payload: T) => {
      if (!enabled()) return;
      const attribution = attribute(payload);
      try {
        const result = scope.run(attribution, fn, payload);
        if (isThenable(result)) result.then(undefined, (error: unknown) => this.capture(error, attribution));
      } catch (error) {
        this.capture(error, attribution);
      }
    };
  }

  /** Hands an error to the sink with its attribution (given, from the scope, from the stack, or core). */
  capture(thrown: unknown, attribution?: Attribution): void {
    const error = toError(thrown);
    const owner = attribution ?? this.attribute(error);
    try {
      this.sink.capture(error, owner);
    } catch (sinkError) {
      // The sink must never take the controller down; the log still gets both.
      this.logger.error(`Error sink failed: ${String(sinkError)}; original error in ${owner.app}: ${error.message}`);
    }
    if (owner.app !== 'core') this.spendBudget(owner.app);
  }

  /** Passes a core warning (a "specific message") to the sink; it does not count against any budget. */
  warn(kind: WarningKind, error: Error, attribution: Attribution): void {
    try {
      this.sink.warn?.(kind, error, attribution);
    } catch (sinkError) {
      this.logger.error(`Error sink failed on a warning: ${String(sinkError)}`);
    }
  }

  /** Scope first, then the top stack frame inside an app's folder, else core. */
  attribute(error: Error): Attribution {
    const scoped = this.scope.getStore();
    if (scoped) return scoped;
    const stack = typeof error.stack === 'string' ? error.stack : '';
    for (const line of stack.split('\n').slice(1)) {
      const owner = this.appFolders.find((folder) => line.includes(folder.prefix));
      if (owner) return owner.attribution;
    }
    return CORE;
  }

  private spendBudget(app: string): void {
    if (this.overBudget.has(app)) return;
    const now = Date.now();
    const windowStart = now - this.budget.seconds * 1000;
    const times = (this.recentErrors.get(app) ?? []).filter((time) => time > windowStart);
    times.push(now);
    this.recentErrors.set(app, times);
    if (times.length > this.budget.count) {
      this.overBudget.add(app);
      this.recentErrors.delete(app);
      this.overBudgetListener(app, times.length);
    }
  }
}

const always = (): boolean => true;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Non-Error throws (strings, objects, undefined) become an Error that keeps the value as its cause. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const value = inspect(thrown, { depth: 1, breakLength: Infinity, maxStringLength: 200 });
  return new PitwallError('PW_ERR_NON_ERROR_THROWN', { value: value.slice(0, 300) }, { cause: thrown });
}
