/**
 * Counts events within the last `windowMs` milliseconds; an event exactly `windowMs` old has left the window.
 * Amortised O(1) per event however many arrive: expired times are skipped by an index and dropped in bulk.
 */
export class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(readonly windowMs: number) {}

  /** Records an event at `now` and returns how many fell within the window, this one included. */
  add(now: number): number {
    this.times.push(now);
    return this.count(now);
  }

  /** How many recorded events fell within the window that ends at `now`. */
  count(now: number): number {
    const windowStart = now - this.windowMs;
    const times = this.times;
    while (this.head < times.length && times[this.head]! <= windowStart) this.head++;
    // Dropping the expired part only once it is at least half keeps each drop paid for by the skips before it.
    if (this.head >= 16 && this.head * 2 >= times.length) {
      this.times = times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  /** Forgets every event. */
  clear(): void {
    this.times = [];
    this.head = 0;
  }
}
