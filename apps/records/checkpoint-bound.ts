import type { GameServer } from '../../core/index.js';

/**
 * The bound when the map's own count is unknown, or when the mode decides the number of laps: far above any
 * real run, far below a list that would bloat a row.
 */
export const FALLBACK_CHECKPOINT_BOUND = 2000;

/**
 * The most checkpoint times a run of a map can hold, from the server's map info. Servers count the finish
 * line among `NbCheckpoints` (a run of a one-lap map crosses exactly that many); one more allows for a server
 * that does not. On a lap race the mode may force any number of laps, so the fixed bound applies.
 */
export function checkpointBoundOf(info: unknown): number {
  if (typeof info !== 'object' || info === null) return FALLBACK_CHECKPOINT_BOUND;
  const { NbCheckpoints: count, LapRace: laps } = info as { NbCheckpoints?: unknown; LapRace?: unknown };
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count >= FALLBACK_CHECKPOINT_BOUND || laps === true) return FALLBACK_CHECKPOINT_BOUND;
  return count + 1;
}

/** The bound of the map being played, read once per map; a finish waits for it rather than guess. */
export class CheckpointBounds {
  private current?: { uid: string; bound: Promise<number>; known?: number };

  constructor(private readonly server: Pick<GameServer, 'call'>) {}

  /** The bound, once read (a number, so that a finish need not wait a turn), or the promise of it. */
  boundOf(uid: string): number | Promise<number> {
    if (this.current?.uid !== uid) {
      const current: { uid: string; bound: Promise<number>; known?: number } = { uid, bound: this.read(uid) };
      current.bound = current.bound.then((bound) => (current.known = bound));
      this.current = current;
    }
    return this.current.known ?? this.current.bound;
  }

  /** The server's answer for the current map; when it cannot say (or is already on another map), the fixed bound. */
  private async read(uid: string): Promise<number> {
    try {
      const info = await this.server.call('GetCurrentMapInfo');
      return (info as { UId?: unknown } | null)?.UId === uid ? checkpointBoundOf(info) : FALLBACK_CHECKPOINT_BOUND;
    } catch {
      return FALLBACK_CHECKPOINT_BOUND;
    }
  }
}
