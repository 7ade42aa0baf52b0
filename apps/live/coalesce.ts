import type { Disposable } from '../../core/index.js';

/** Redraws a page at most once per interval however many changes come in, one draw at a time. */
export class CoalescedDraw {
  private pending = false;
  private last = Number.NEGATIVE_INFINITY;
  private drawing: Promise<void> = Promise.resolve();

  constructor(
    private readonly draw: () => Promise<void>,
    private readonly timer: { after(ms: number, fn: () => unknown): Disposable; now(): number; intervalMs: number },
  ) {}

  changed(): void {
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, this.last + this.timer.intervalMs - this.timer.now());
    this.timer.after(wait, () => {
      this.pending = false;
      this.last = this.timer.now();
      this.drawing = this.drawing.then(() => this.draw());
      return this.drawing;
    });
  }
}
