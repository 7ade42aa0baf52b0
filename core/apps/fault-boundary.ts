import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { inject, injectable } from 'tsyringe';
import { Settings } from '../config/schema.js';
import { PitwallError } from '../errors.js';
import { Logger } from '../logging/logger.js';
import { isOutsideFault } from '../server/outside-faults.js';
import { SlidingWindow } from '../sliding-window.js';
import { isConnectionFault } from '../storage/connection-faults.js';
import { current, entryNow, type ScopeEntry } from '../async-scope.js';
import type { AppGate } from './app-record.js';
import { blamedOn } from './blame.js';
import { ErrorSink, type Attribution, type WarningKind } from './error-sink.js';

const CORE: Attribution = Object.freeze({ app: 'core' });

/**
 * Runs app code so that no error escapes and every error names its app. Each call into an app runs as the
 * app's scope entry (core/async-scope.ts), which the async work it starts inherits, so async
 * continuations and the process-level net can still tell which app an error belongs to. Also keeps each
 * app's error budget.
 */
@injectable()
export class FaultBoundary {
  /** App folders (as paths and file URLs), longest first, for attributing by stack frame. */
  private appFolders: { prefix: string; attribution: Attribution }[] = [];
  private readonly recentErrors = new Map<string, SlidingWindow>();
  private readonly overBudget = new Set<string>();
  private readonly budget: { count: number; seconds: number };
  private overBudgetListener: (app: string, count: number) => void = () => {};
  /**
   * Shared with the event-loop watchdog's worker: [0] the time of the watchdog's last heartbeat, [1] the index
   * of the app whose code runs now (0: core). The worker samples it while this thread is stuck in that code.
   */
  readonly activity = new Int32Array(new SharedArrayBuffer(8));
  private readonly appIndexes = new Map<string, number>();
  /** Apps running in a worker thread: every report of theirs says so. */
  private readonly workerApps = new Set<string>();
  private readonly appsByIndex: string[] = ['core'];

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

  /** Marks an app's isolation, so that each of its errors says where it ran. */
  setIsolation(app: string, isolation: 'process' | 'worker'): void {
    if (isolation === 'worker') this.workerApps.add(app);
    else this.workerApps.delete(app);
  }

  /** Lets errors whose stack runs through `folder` be attributed to the app even outside its scope. */
  registerAppFolder(folder: string, attribution: Attribution): void {
    const base = folder.endsWith('/') ? folder : `${folder}/`;
    this.appFolders.push({ prefix: base, attribution }, { prefix: pathToFileURL(base).href, attribution });
    this.appFolders.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /**
   * Runs `fn` as `attribution`. A sync throw or a rejected returned promise is captured; the caller gets
   * undefined (or a promise resolving to undefined) instead of an error.
   */
  run<T>(attribution: Attribution, fn: () => T): T | undefined {
    return this.within(attribution, () => {
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

  /** The attribution of the app code running now, if any (read by the process-level watchers). */
  scopeNow(): Attribution | undefined {
    const entry = entryNow();
    return entry?.owner === this ? entry.attribution : undefined;
  }

  /** A small number standing for an app, for the watchdog's shared memory. */
  indexOf(app: string): number {
    let index = this.appIndexes.get(app);
    if (index === undefined) {
      index = app === 'core' ? 0 : this.appsByIndex.push(app) - 1;
      this.appIndexes.set(app, index);
    }
    return index;
  }

  appAt(index: number): string {
    return this.appsByIndex[index] ?? 'core';
  }

  /** Runs a lifecycle hook as `attribution` without swallowing: the host decides what a failure means. */
  runHook<T>(attribution: Attribution, fn: () => T): T {
    return this.within(attribution, fn);
  }

  /** Runs `fn` as `attribution` (its scope entry and the watchdog's app index), restoring both after. */
  private within<T>(attribution: Attribution, fn: () => T): T {
    const { activity } = this;
    const previous = activity[1]!;
    const outer = current.entry;
    activity[1] = this.indexOf(attribution.app);
    current.entry = { owner: this, attribution };
    try {
      return fn();
    } finally {
      current.entry = outer;
      activity[1] = previous;
    }
  }

  /**
   * A one-argument handler wrapped for attribution: the hot path of event dispatch, so it allocates nothing
   * per call. The async scope carries the constant `scope` (app and event name), captured at registration;
   * the full attribution, with the payload, is built by `describe` only when the handler fails. Calls are
   * skipped while `gate` is closed.
   */
  listener<T>(scope: Attribution, describe: (payload: T) => Attribution, fn: (payload: T) => unknown, gate: AppGate = OPEN): (payload: T) => Promise<void> | void {
    const entry: ScopeEntry = { owner: this, attribution: scope };
    const activity = this.activity;
    const index = this.indexOf(scope.app);
    return (payload: T) => {
      if (!gate.active) return;
      const previous = activity[1]!;
      const outer = current.entry;
      activity[1] = index;
      current.entry = entry;
      let result: unknown;
      // Restored on both paths rather than in a finally: a finally block here costs a third of a dispatch on Node 20.
      try {
        result = fn(payload);
      } catch (error) {
        current.entry = outer;
        activity[1] = previous;
        this.capture(error, describe(payload));
        return;
      }
      current.entry = outer;
      activity[1] = previous;
      // Handed back so that a caller that must know when the handler finished (the dashboard's console) can wait.
      if (isThenable(result)) return result.then(settled, (error: unknown) => this.capture(error, describe(payload))) as Promise<void>;
    };
  }

  /** Hands an error to the sink with its attribution (given, from the scope, from the stack, or core). */
  capture(thrown: unknown, attribution?: Attribution): void {
    const error = toError(thrown);
    const found = blamedOn(thrown) ?? attribution ?? this.attribute(error);
    const owner = found.isolation === undefined && this.workerApps.has(found.app) ? { ...found, isolation: 'worker' as const } : found;
    try {
      this.sink.capture(error, owner);
    } catch (sinkError) {
      // The sink must never take the controller down; the log still gets both.
      this.logger.error(`Error sink failed: ${String(sinkError)}; original error in ${owner.app}: ${error.message}`);
    }
    // A player leaving or the connection dropping is nobody's bug: reported, but not held against the app.
    if (owner.app !== 'core' && !isOutsideFault(error) && !isConnectionFault(error)) this.spendBudget(owner.app);
  }

  /** Passes a core warning (a "specific message") to the sink; it does not count against any budget. */
  warn(kind: WarningKind, error: Error, given: Attribution): void {
    const attribution = given.isolation === undefined && this.workerApps.has(given.app) ? { ...given, isolation: 'worker' as const } : given;
    try {
      this.sink.warn?.(kind, error, attribution);
    } catch (sinkError) {
      this.logger.error(`Error sink failed on a warning: ${String(sinkError)}`);
    }
  }

  /** Scope first, then the top stack frame inside an app's folder, else core. */
  attribute(error: Error): Attribution {
    const scoped = this.scopeNow();
    if (scoped) return scoped;
    const stack = typeof error.stack === 'string' ? error.stack : '';
    for (const line of stack.split('\n').slice(1)) {
      const owner = this.appFolders.find((folder) => line.includes(folder.prefix));
      if (owner) return owner.attribution;
    }
    return CORE;
  }

  /** How many of APP_ERROR_BUDGET.count an app has used within the last APP_ERROR_BUDGET.seconds. */
  budgetUsed(app: string): { used: number; count: number; seconds: number } {
    return { used: this.recentErrors.get(app)?.count(Date.now()) ?? 0, count: this.budget.count, seconds: this.budget.seconds };
  }

  private spendBudget(app: string): void {
    if (this.overBudget.has(app)) return;
    let window = this.recentErrors.get(app);
    if (!window) this.recentErrors.set(app, (window = new SlidingWindow(this.budget.seconds * 1000)));
    const count = window.add(Date.now());
    if (count > this.budget.count) {
      this.overBudget.add(app);
      this.recentErrors.delete(app);
      this.overBudgetListener(app, count);
    }
  }
}

const OPEN: AppGate = Object.freeze({ active: true });
const settled = (): undefined => undefined;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Non-Error throws (strings, objects, undefined) become an Error that keeps the value as its cause. */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const value = inspect(thrown, { depth: 1, breakLength: Infinity, maxStringLength: 200 });
  return new PitwallError('PW_ERR_NON_ERROR_THROWN', { value: value.slice(0, 300) }, { cause: thrown });
}
