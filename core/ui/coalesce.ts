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
 */
export class CoalescedDraw {
  private pending = false;
  private last = Number.NEGATIVE_INFINITY;
  private drawing: Promise<void> = Promise.resolve();

  constructor(
    private readonly draw: () => Promise<void>,
    private readonly clock: DrawClock,
  ) {}

  /** Marks the page stale: drawn now when the last draw is an interval old, else when it is. */
  changed(): void {
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.last + this.clock.intervalMs - this.clock.now());
    this.clock.after(wait, () => {
      this.pending = false;
      this.last = this.clock.now();
      // One draw at a time: a slow send never overlaps the next one.
      this.drawing = this.drawing.then(() => this.draw());
      return this.drawing;
    });
  }
}
