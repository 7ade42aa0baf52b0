import type { PlayerFinish } from '../../core/index.js';

/** A finish that passed every check: a whole run by a connected player, in whole milliseconds. */
export interface Finish {
  login: string;
  time: number;
  checkpoints: number[];
}

export interface FinishContext {
  isConnected(login: string): boolean;
  /** The most checkpoint times a run of the current map can have. */
  checkpointBound: number;
}

/**
 * A finish to store, `undefined` for what is no run of the whole map (a lap end, a Royal section end), or
 * why it must be dropped. The core has checked the times' shape (whole milliseconds from 1 ms); what is
 * left is what only this app knows: a record needs a player on the server and a run the map can have.
 */
export function readFinish(finish: PlayerFinish, context: FinishContext): Finish | { dropped: string } | undefined {
  if (!finish.isEndRace) return undefined;
  const { login, raceTime, checkpoints } = finish;
  if (!context.isConnected(login)) return { dropped: `Dropped a finish by ${login}: no such player is connected.` };
  if (checkpoints.length > context.checkpointBound) {
    return { dropped: `Dropped a finish by ${login}: ${checkpoints.length} checkpoint times, more than a run of this map can have (${context.checkpointBound}).` };
  }
  return { login, time: raceTime, checkpoints: [...checkpoints] };
}
