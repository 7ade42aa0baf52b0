/** Repeats of one incident that were counted, not logged in full, and are now summarised in one line. */
export interface RepeatSummary {
  incident: string;
  /** Repeats not yet summarised. */
  count: number;
  seconds: number;
  /** The log line of the incident's first error. */
  what: string;
}

export type Sighting =
  | { first: true; incident: string; repeated: number; summary?: RepeatSummary }
  | { first: false; incident: string };

interface Window {
  incident: string;
  since: number;
  what: string;
  repeated: number;
  summarised: number;
}

/**
 * Keeps error storms from becoming log and report storms: the first error of a repeat key in a window is an
 * incident (logged in full, reported); later ones in the window are only counted, then summarised. The next
 * incident of that key carries the count. Memory is bounded by the number of keys tracked.
 */
export class RepeatWindow {
  private readonly windows = new Map<string, Window>();
  private readonly evicted: RepeatSummary[] = [];

  constructor(
    readonly windowMs = 60_000,
    private readonly maxKeys = 1000,
  ) {}

  /** Records one error; `incident` and `what` name it if it starts a new incident. */
  see(key: string, incident: string, what: string, now = Date.now()): Sighting {
    const open = this.windows.get(key);
    if (open && now - open.since < this.windowMs) {
      open.repeated++;
      return { first: false, incident: open.incident };
    }
    const summary = open ? summaryOf(open, now, this.windowMs) : undefined;
    // Re-inserted so the Map's order stays oldest-first for eviction.
    this.windows.delete(key);
    this.windows.set(key, { incident, since: now, what, repeated: 0, summarised: 0 });
    if (this.windows.size > this.maxKeys) {
      const [oldestKey, oldest] = this.windows.entries().next().value as [string, Window];
      this.windows.delete(oldestKey);
      const lost = summaryOf(oldest, now, this.windowMs);
      if (lost) this.evicted.push(lost);
    }
    return { first: true, incident, repeated: open?.repeated ?? 0, ...(summary ? { summary } : {}) };
  }

  /** Summaries of the repeats counted since the last call: of ended windows, or of every window with `all`. */
  takeSummaries(now = Date.now(), all = false): RepeatSummary[] {
    const summaries = this.evicted.splice(0);
    for (const window of this.windows.values()) {
      if (!all && now - window.since < this.windowMs) continue;
      const summary = summaryOf(window, now, this.windowMs);
      if (summary) summaries.push(summary);
    }
    return summaries;
  }

  get trackedKeys(): number {
    return this.windows.size;
  }
}

function summaryOf(window: Window, now: number, windowMs: number): RepeatSummary | undefined {
  const count = window.repeated - window.summarised;
  if (count <= 0) return undefined;
  window.summarised = window.repeated;
  return { incident: window.incident, count, seconds: Math.round(Math.min(now - window.since, windowMs) / 1000), what: window.what };
}
