import type { Disposable } from '../disposables.js';

/** The clock a coalesced draw waits on: the app's own timer (cancelled when it stops) in use, a fake one in tests. */
export interface DrawClock {
  after(ms: number, fn: () => unknown): Disposable;
  now(): number;
  /** The least time between two draws. */
  intervalMs: number;
}

/** The least time between two redraws of a widget page, however many changes come in (what the bundled apps use). */
export const REDRAW_INTERVAL_MS = 1000;

/**
 * Redraws a page at most once per interval however many changes come in, one draw at a time: the first change
 * after a quiet interval is drawn at once, the ones after it wait for the interval's end and are drawn together.
 * "At once" is as soon as the code that marked the change yields (a microtask, not the loop's next turn): the
 * page goes out in the same write as whatever else the event sent, such as a player's checkpoint difference
 * beside the records widget at a finish. A failed draw is reported through the clock's timer (the app's own,
 * so the error names it) and does not stop later draws.
 */
export class CoalescedDraw {
  private pending = false;
  private last = Number.NEGATIVE_INFINITY;
  private drawing: Promise<void> = Promise.resolve();
  /** The draw that runs once the code that marked the change yields. */
  private due?: Promise<void>;

  constructor(
    private readonly draw: () => Promise<void>,
    private readonly clock: DrawClock,
  ) {}

  /** Marks the page stale: drawn now when the last draw is an interval old, else when it is. */
  changed(): void {
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.last + this.clock.intervalMs - this.clock.now());
    if (wait > 0) {
      this.clock.after(wait, () => this.run());
      return;
    }
    this.due = Promise.resolve().then(() => {
      this.due = undefined;
      this.run().catch((error: unknown) => {
        try {
          this.clock.after(0, () => {
            throw error;
          });
        } catch {
          // The app stopped meanwhile (its timers refuse): the draw failing is its page being gone.
        }
      });
    });
  }

  /** Resolves once the draw due now, or the one running, is over (failed or not): a page known to be out. */
  async whenDrawn(): Promise<void> {
    await this.due;
    await this.drawing.catch(() => undefined);
  }

  private run(): Promise<void> {
    this.pending = false;
    this.last = this.clock.now();
    // One draw at a time: a slow send never overlaps the next one; a failed one was reported by its caller.
    this.drawing = this.drawing.catch(() => undefined).then(() => this.draw());
    return this.drawing;
  }
}
