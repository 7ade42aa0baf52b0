export type Admission = { send: true; repeated: number } | { send: false; reason: 'repeat' | 'rate' };

/**
 * Keeps error storms from becoming report storms: within a window, repeats of a fingerprint are counted,
 * not sent (the next report carries the count), and a token bucket caps reports per minute overall.
 * Memory is bounded by the number of fingerprints tracked.
 */
export class StormGuard {
  private readonly seen = new Map<string, { since: number; repeated: number }>();
  private tokens: number;
  /** Unset until the first admission, so the clock starts with the caller's (tests pass their own). */
  private refilledAt?: number;
  /** Reports held back by the per-minute cap since the last call to takeRateDropped(). */
  private rateDropped = 0;

  constructor(
    private readonly perMinute: number,
    private readonly windowMs = 60_000,
    private readonly maxFingerprints = 1000,
  ) {
    this.tokens = perMinute;
  }

  admit(fingerprint: string, now = Date.now()): Admission {
    const entry = this.seen.get(fingerprint);
    if (entry && now - entry.since < this.windowMs) {
      entry.repeated++;
      return { send: false, reason: 'repeat' };
    }
    this.refill(now);
    if (this.tokens < 1) {
      this.rateDropped++;
      return { send: false, reason: 'rate' };
    }
    this.tokens--;
    const repeated = entry?.repeated ?? 0;
    // Re-inserted so the Map's order stays oldest-first for eviction.
    this.seen.delete(fingerprint);
    this.seen.set(fingerprint, { since: now, repeated: 0 });
    if (this.seen.size > this.maxFingerprints) this.seen.delete(this.seen.keys().next().value as string);
    return { send: true, repeated };
  }

  takeRateDropped(): number {
    const count = this.rateDropped;
    this.rateDropped = 0;
    return count;
  }

  get trackedFingerprints(): number {
    return this.seen.size;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - (this.refilledAt ?? now));
    this.tokens = Math.min(this.perMinute, this.tokens + (elapsed / 60_000) * this.perMinute);
    this.refilledAt = now;
  }
}
