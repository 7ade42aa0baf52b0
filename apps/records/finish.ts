/** The fields of Trackmania.Event.WayPoint this app reads; anything may be missing or of another type. */
interface WayPoint {
  login?: unknown;
  /** Race time in ms. */
  racetime?: unknown;
  /** The finish line: the end of the whole race (after the last lap on a multi-lap map). */
  isendrace?: unknown;
  /** The checkpoint times of this run so far, the finish included. */
  curracecheckpoints?: unknown;
}

/** A finish that passed every check: a whole run by a connected player, in whole milliseconds. */
export interface Finish {
  login: string;
  time: number;
  checkpoints: number[];
}

/** Race times are whole milliseconds the game keeps in a signed 32-bit integer: 1 ms up to 2^31 - 1. */
export const MAX_RACE_TIME = 2 ** 31 - 1;

/** Royal Time Attack: each finish ends one section of the map, not a run of the whole map. */
const SECTION_MODE = /RoyalTimeAttack/i;

export interface FinishContext {
  /** The mode as the server reports it. */
  modeScript: string;
  isConnected(login: string): boolean;
  /** The most checkpoint times a run of the current map can have. */
  checkpointBound: number;
}

/** Whether a WayPoint may be a finish at all: checkpoints and lap ends are most of them, and cost nothing here. */
export function isFinishLine(data: unknown): boolean {
  return typeof data !== 'object' || data === null || Array.isArray(data) || (data as WayPoint).isendrace === true;
}

/**
 * Reads a WayPoint: a finish to store, `undefined` for what is no finish at all (a checkpoint, a lap end, a
 * section end), or the reason it must be dropped: a server (or a script) may send anything, and a time that
 * is not a real race time would become the map's record.
 */
export function readFinish(data: unknown, context: FinishContext): Finish | { dropped: string } | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { dropped: 'Dropped a WayPoint whose data is not an object.' };
  const waypoint = data as WayPoint;
  if (waypoint.isendrace !== true || SECTION_MODE.test(context.modeScript)) return undefined;
  const { login, racetime, curracecheckpoints } = waypoint;
  if (typeof login !== 'string' || login === '') return { dropped: 'Dropped a finish whose login is not a text.' };
  if (typeof racetime !== 'number' || !Number.isInteger(racetime) || racetime < 1 || racetime > MAX_RACE_TIME) {
    return { dropped: `Dropped a finish by ${login}: race time ${shown(racetime)} is not a whole number of milliseconds from 1 to ${MAX_RACE_TIME}.` };
  }
  if (!context.isConnected(login)) return { dropped: `Dropped a finish by ${login}: no such player is connected.` };
  const checkpoints = curracecheckpoints ?? [];
  if (!Array.isArray(checkpoints)) return { dropped: `Dropped a finish by ${login}: its checkpoint times are not a list.` };
  if (checkpoints.length > context.checkpointBound) {
    return { dropped: `Dropped a finish by ${login}: ${checkpoints.length} checkpoint times, more than a run of this map can have (${context.checkpointBound}).` };
  }
  if (!checkpoints.every((time) => typeof time === 'number' && Number.isInteger(time) && time >= 0 && time <= MAX_RACE_TIME)) {
    return { dropped: `Dropped a finish by ${login}: its checkpoint times are not all whole numbers of milliseconds from 0 to ${MAX_RACE_TIME}.` };
  }
  return { login, time: racetime, checkpoints: checkpoints as number[] };
}

/** A value for a log line, short whatever it is. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
