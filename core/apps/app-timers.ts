import { inject, injectable } from 'tsyringe';
import type { Disposable } from '../disposables.js';
import { Logger } from '../logging/logger.js';
import { holdAsyncScopes } from '../async-scope.js';
import { FaultBoundary } from './fault-boundary.js';

/** The parts of Node's Timeout object this module reads (`_destroyed`: cleared, or a one-shot that fired). */
type Timer = NodeJS.Timeout & { _destroyed?: boolean };

/**
 * Notes every timer an app creates with the raw setTimeout/setInterval (not through ctx), by the app scope
 * it was created in, so that stopping or disabling the app clears them too: otherwise a disabled app's raw
 * interval would keep running, and failing, until a restart. A timer created by an app that has already
 * stopped (a setTimeout chain re-arming itself) is cleared as soon as it is created.
 */
@injectable()
export class AppTimers {
  private readonly live = new Map<string, Set<Timer>>();
  private readonly stopped = new Set<string>();
  private readonly warnedLate = new Set<string>();

  constructor(
    @inject(FaultBoundary) private readonly boundary: FaultBoundary,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  /**
   * Starts noting timers, through the process's one async hook (core/async-scope.ts), which also carries
   * every app's scope into the async work it starts; dispose to stop.
   */
  start(): Disposable {
    return holdAsyncScopes((timer, entry) => this.note(timer as Timer, entry?.owner === this.boundary ? entry.attribution.app : undefined));
  }

  /** Clears the raw timers `app` left running (after its ctx registrations were disposed); returns how many. */
  release(app: string): number {
    this.stopped.add(app);
    const timers = this.live.get(app);
    this.live.delete(app);
    let cleared = 0;
    for (const timer of timers ?? []) {
      if (timer._destroyed) continue;
      clearTimeout(timer);
      cleared++;
    }
    if (cleared) {
      this.logger.warn(
        `App '${app}' left ${cleared} timer(s) running that it did not create through ctx; they were cleared. ` +
          `Use ctx.every/ctx.after so they stop with the app.`,
        { label: app },
      );
    }
    return cleared;
  }

  /** The app starts again (a restart to apply changed settings): its new timers are its own again. */
  resume(app: string): void {
    this.stopped.delete(app);
    this.warnedLate.delete(app);
  }

  /** `app`: the app of this controller whose scope the timer was created in, as the hook found it. */
  private note(timer: Timer, app: string | undefined): void {
    if (app === undefined || app === 'core') return;
    if (this.stopped.has(app)) {
      // Cleared on the next tick: the timer is still being set up while this hook runs.
      process.nextTick(() => clearTimeout(timer));
      if (!this.warnedLate.has(app)) {
        this.warnedLate.add(app);
        this.logger.warn(`App '${app}' created a timer after it stopped; it was cleared (and so will later ones be)`, { label: app });
      }
      return;
    }
    let timers = this.live.get(app);
    if (!timers) this.live.set(app, (timers = new Set()));
    timers.add(timer);
    // Forget timers that fired or were cleared, so the set stays as small as what is really running.
    if (timers.size >= 64 && (timers.size & (timers.size - 1)) === 0) {
      for (const known of timers) if (known._destroyed) timers.delete(known);
    }
  }
}
