import type { Kysely } from '../../core/index.js';
import type { RecordsTables } from './store.js';

/** One player's best on the map, as the widget and the window show it. */
export interface RankedRecord {
  login: string;
  nickName: string;
  time: number;
  /** When it was driven (ISO 8601): equal times rank by who drove them first. */
  at: string;
}

/** Rows read per query when loading: each query runs on the event loop (SQLite is synchronous). */
export const LOAD_PAGE = 2000;

/** The store's order: time, then who drove it first, then login. */
function before(a: RankedRecord, b: RankedRecord): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.at !== b.at) return a.at < b.at;
  return a.login < b.login;
}

/**
 * The most records one chunk of a ranking holds. An improvement costs two splices of at most this many and a
 * pass over the chunks' starts (up to 4n / RANKING_CHUNK of them). Measured moving the middle of 100,000
 * records to #1 (bench/ranking.ts): 128 to 4096 cost alike the first time (about 0.2 ms, V8 compiling the
 * code), and once compiled 512 the least (4 us; 2048: 6 us, 4096: 9 us).
 */
export const RANKING_CHUNK = 512;
/** Two neighbours holding this many or fewer together become one, so chunks never thin out. */
const MERGE_AT = RANKING_CHUNK / 2;

/**
 * A map's whole ranking in memory, fastest first, read once from the database and updated on each
 * improvement, so a finish costs a binary search and a short move instead of reading every record again.
 * Kept as sorted chunks of at most RANKING_CHUNK records: moving a player from the middle of 100,000 to
 * the top moves the records of two chunks (a native splice) and not the 50,000 in between, which a plain
 * loop would move one by one, slowly before V8 has compiled it.
 */
export class MapRanking {
  private readonly chunks: RankedRecord[][] = [];
  /** How many records come before each chunk: a rank is a chunk's start plus the position in it. */
  private readonly starts: number[] = [];
  private count = 0;
  private readonly byLogin = new Map<string, RankedRecord>();

  constructor(readonly uid: string) {}

  /**
   * Reads the map's records in pages, each starting after the last row read (through the map-and-time index,
   * so no page rescans the ones before it), yielding between pages so a big map never blocks the loop long.
   */
  static async load(db: Kysely<RecordsTables>, uid: string): Promise<MapRanking> {
    const ranking = new MapRanking(uid);
    let last: RankedRecord | undefined;
    for (;;) {
      const after = last;
      let query = db.selectFrom('records').select(['login', 'nick_name', 'time', 'driven_at']).where('map_uid', '=', uid);
      if (after) {
        query = query.where((eb) =>
          eb.or([
            eb('time', '>', after.time),
            eb.and([eb('time', '=', after.time), eb('driven_at', '>', after.at)]),
            eb.and([eb('time', '=', after.time), eb('driven_at', '=', after.at), eb('login', '>', after.login)]),
          ]),
        );
      }
      const rows = await query.orderBy('time').orderBy('driven_at').orderBy('login').limit(LOAD_PAGE).execute();
      for (const row of rows) {
        last = { login: row.login, nickName: row.nick_name, time: Number(row.time), at: row.driven_at };
        ranking.append(last);
      }
      if (rows.length < LOAD_PAGE) return ranking;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Rows read in order go to the end, unless a finish already placed the player (then the better one stays). */
  private append(entry: RankedRecord): void {
    const last = this.chunks.at(-1);
    const tail = last?.at(-1);
    if (!this.byLogin.has(entry.login) && (!tail || before(tail, entry))) {
      if (last && last.length < RANKING_CHUNK) last.push(entry);
      else {
        this.chunks.push([entry]);
        this.starts.push(this.count);
      }
      this.count++;
      this.byLogin.set(entry.login, entry);
    } else {
      this.improve(entry);
    }
  }

  get size(): number {
    return this.count;
  }

  /**
   * Keeps `entry` when it beats the player's best (or is their first): returns the rank it moved from
   * (undefined for a first time) and to, or undefined when it changes nothing. Idempotent: the same finish
   * read again from the database changes nothing.
   */
  improve(entry: RankedRecord): { from?: number; to: number } | undefined {
    const kept = this.byLogin.get(entry.login);
    if (kept && !before(entry, kept)) return undefined;
    let from: number | undefined;
    if (kept) {
      const chunk = this.chunkFor(kept);
      const index = positionIn(this.chunks[chunk]!, kept);
      from = this.starts[chunk]! + index;
      this.remove(chunk, index);
    }
    // Only what the ranking shows: a finish's checkpoint list stays in the database.
    const stored = { login: entry.login, nickName: entry.nickName, time: entry.time, at: entry.at };
    // An improvement only moves a player up, so with the old entry gone its place is the new rank.
    const to = this.insert(stored);
    this.byLogin.set(entry.login, stored);
    return from === undefined ? { to: to + 1 } : { from: from + 1, to: to + 1 };
  }

  /** The player's rank (1 is the record), or undefined without a time here. */
  rankOf(login: string): number | undefined {
    const kept = this.byLogin.get(login);
    if (!kept) return undefined;
    // The entry is in the list: the first position not before it is its own.
    const chunk = this.chunkFor(kept);
    return this.starts[chunk]! + positionIn(this.chunks[chunk]!, kept) + 1;
  }

  recordOf(login: string): RankedRecord | undefined {
    return this.byLogin.get(login);
  }

  /** The first `count` records, as a new array (the ranking keeps changing). */
  top(count: number): RankedRecord[] {
    // Untyped callers get what the array's slice gave them: no count is every record.
    return this.between(0, count === undefined ? this.count : count);
  }

  /** Records from rank `start + 1` on, `count` of them. */
  slice(start: number, count: number): RankedRecord[] {
    return this.between(start, start + count);
  }

  /** Positions `start` up to `end` as a new array, both read as Array.prototype.slice reads them. */
  private between(start: number, end: number): RankedRecord[] {
    const first = sliceIndex(start, this.count);
    const last = sliceIndex(end, this.count);
    if (first >= last) return [];
    const parts: RankedRecord[][] = [];
    let chunk = this.chunkAt(first);
    for (; chunk < this.chunks.length && this.starts[chunk]! < last; chunk++) {
      const records = this.chunks[chunk]!;
      const offset = this.starts[chunk]!;
      const from = Math.max(first - offset, 0);
      const to = Math.min(last - offset, records.length);
      parts.push(from === 0 && to === records.length ? records : records.slice(from, to));
    }
    // One native copy of every part, however many records: a loop would run uncompiled on a first call.
    return ([] as RankedRecord[]).concat(...parts);
  }

  /** The chunk holding position `position` (0 <= position < size). */
  private chunkAt(position: number): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The chunk holding `entry`'s place: the first whose last record does not come before it, else the last. */
  private chunkFor(entry: RankedRecord): number {
    let low = 0;
    let high = this.chunks.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const records = this.chunks[middle]!;
      if (before(records[records.length - 1]!, entry)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Puts `entry` in its place, splitting a chunk grown past RANKING_CHUNK; returns its position. */
  private insert(entry: RankedRecord): number {
    const chunk = this.chunkFor(entry);
    const records = this.chunks[chunk];
    this.count++;
    if (!records) {
      this.chunks.push([entry]);
      this.starts.push(0);
      return 0;
    }
    const index = positionIn(records, entry);
    records.splice(index, 0, entry);
    this.shiftStarts(chunk + 1, 1);
    if (records.length > RANKING_CHUNK) {
      const kept = records.length >>> 1;
      this.chunks.splice(chunk + 1, 0, records.splice(kept));
      this.starts.splice(chunk + 1, 0, this.starts[chunk]! + kept);
    }
    return this.starts[chunk]! + index;
  }

  /** Takes out the record at `index` of `chunk`, joining the chunk to a neighbour when the two have thinned out. */
  private remove(chunk: number, index: number): void {
    const records = this.chunks[chunk]!;
    records.splice(index, 1);
    this.shiftStarts(chunk + 1, -1);
    this.count--;
    const next = this.chunks[chunk + 1];
    const previous = this.chunks[chunk - 1];
    if (next && records.length + next.length <= MERGE_AT) this.join(chunk);
    else if (previous && previous.length + records.length <= MERGE_AT) this.join(chunk - 1);
    else if (records.length === 0) {
      this.chunks.splice(chunk, 1);
      this.starts.splice(chunk, 1);
    }
  }

  /** Moves chunk `chunk + 1`'s records to the end of chunk `chunk`. */
  private join(chunk: number): void {
    const [next] = this.chunks.splice(chunk + 1, 1);
    this.starts.splice(chunk + 1, 1);
    this.chunks[chunk] = this.chunks[chunk]!.concat(next!);
  }

  private shiftStarts(from: number, change: number): void {
    for (let chunk = from; chunk < this.starts.length; chunk++) this.starts[chunk]! += change;
  }
}

/** The first position in `records` whose record does not come before `entry`. */
function positionIn(records: readonly RankedRecord[], entry: RankedRecord): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(records[middle]!, entry)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `value` as Array.prototype.slice reads a start or an end on an array of `length`. */
function sliceIndex(value: number, length: number): number {
  const integer = Math.trunc(value) || 0;
  if (integer < 0) return Math.max(length + integer, 0);
  return Math.min(integer, length);
}

/** The ranking of the map being played, loaded once per map; a failed load is tried again on the next use. */
export class CurrentRanking {
  private loading?: { uid: string; ranking: Promise<MapRanking> };

  constructor(private readonly db: Kysely<RecordsTables>) {}

  of(uid: string): Promise<MapRanking> {
    if (this.loading?.uid !== uid) {
      const ranking = MapRanking.load(this.db, uid);
      const loading = { uid, ranking };
      this.loading = loading;
      ranking.catch(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    }
    return this.loading.ranking;
  }
}
