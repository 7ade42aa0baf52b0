import { SlidingWindow } from '../sliding-window.js';

/** What CommandRateLimiter.admit decided for one command. */
export type RateDecision = 'run' | 'refuse-and-tell' | 'refuse';

/** How many players the limiter keeps track of at most (far above any server's player count). */
export const DEFAULT_TRACKED_LOGINS = 10_000;

/**
 * At most `count` chat commands per player within `seconds`. The first refused command of a burst is
 * answered once; the rest of the burst is dropped without an answer, so a flood cannot make the
 * controller flood the server back. A player's entry is forgotten when they leave; logins that never
 * connect (forged callbacks) cannot grow it without bound: past `maxLogins`, the one heard from least
 * recently is forgotten first.
 */
export class CommandRateLimiter {
  /** In order of last use, least recent first. */
  private readonly recent = new Map<string, { admitted: SlidingWindow; told: boolean }>();

  constructor(
    private readonly limit: { count: number; seconds: number },
    private readonly maxLogins = DEFAULT_TRACKED_LOGINS,
  ) {}

  /** How many players it keeps an entry for. */
  get size(): number {
    return this.recent.size;
  }

  admit(login: string, now = Date.now()): RateDecision {
    let entry = this.recent.get(login);
    if (entry) {
      // Moved to the end: the least recently heard-from player is always first.
      this.recent.delete(login);
    } else {
      entry = { admitted: new SlidingWindow(this.limit.seconds * 1000), told: false };
      if (this.recent.size >= this.maxLogins) this.recent.delete(this.recent.keys().next().value!);
    }
    this.recent.set(login, entry);
    // Only admitted commands are counted, so a window holds at most `count` live times whatever the flood.
    if (entry.admitted.count(now) < this.limit.count) {
      entry.admitted.add(now);
      entry.told = false;
      return 'run';
    }
    if (entry.told) return 'refuse';
    entry.told = true;
    return 'refuse-and-tell';
  }

  /**
   * admit() with the answer a refused player gets: chat commands and UI actions share one limiter, so a
   * flood of either is refused the same way, politely, once per burst and never as an error.
   */
  check(login: string, now = Date.now()): { run: boolean; answer?: string } {
    const decision = this.admit(login, now);
    if (decision === 'run') return { run: true };
    return decision === 'refuse-and-tell' ? { run: false, answer: rateLimitAnswer(this.limit) } : { run: false };
  }

  /** Forgets a player who left. */
  forget(login: string): void {
    this.recent.delete(login);
  }
}

/** The one polite answer to a player over the limit. */
export function rateLimitAnswer(limit: { count: number; seconds: number }): string {
  return `Slow down: at most ${limit.count} commands every ${limit.seconds} s. Try again in a moment.`;
}
