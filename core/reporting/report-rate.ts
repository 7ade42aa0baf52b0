/** A token bucket: at most `perMinute` reports leave one destination per minute. */
export class ReportRate {
  private tokens: number;
  /** Unset until the first admission, so the clock starts with the caller's (tests pass their own). */
  private refilledAt?: number;
  /** Reports held back since the last call to takeDropped(). */
  private dropped = 0;

  constructor(private readonly perMinute: number) {
    this.tokens = perMinute;
  }

  admit(now = Date.now()): boolean {
    const elapsed = Math.max(0, now - (this.refilledAt ?? now));
    this.tokens = Math.min(this.perMinute, this.tokens + (elapsed / 60_000) * this.perMinute);
    this.refilledAt = now;
    if (this.tokens < 1) {
      this.dropped++;
      return false;
    }
    this.tokens--;
    return true;
  }

  takeDropped(): number {
    const count = this.dropped;
    this.dropped = 0;
    return count;
  }
}
