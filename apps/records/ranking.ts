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
 * A map's whole ranking in memory, fastest first, read once from the database and updated on each
 * improvement, so a finish costs a binary search and an array move instead of reading every record again.
 */
export class MapRanking {
  private readonly sorted: RankedRecord[] = [];
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
    const tail = this.sorted.at(-1);
    if (!this.byLogin.has(entry.login) && (!tail || before(tail, entry))) {
      this.sorted.push(entry);
      this.byLogin.set(entry.login, entry);
    } else {
      this.improve(entry);
    }
  }

  get size(): number {
    return this.sorted.length;
  }

  /**
   * Keeps `entry` when it beats the player's best (or is their first): returns the rank it moved from
   * (undefined for a first time) and to, or undefined when it changes nothing. Idempotent: the same finish
   * read again from the database changes nothing.
   */
  improve(entry: RankedRecord): { from?: number; to: number } | undefined {
    const kept = this.byLogin.get(entry.login);
    if (kept && !before(entry, kept)) return undefined;
    // An improvement only moves a player up: the records between the new place and the old one shift down
    // by one. A plain loop: V8's splice and copyWithin are several times slower on big arrays.
    const from = kept ? this.indexOf(kept) : this.sorted.length;
    // Only what the ranking shows: a finish's checkpoint list stays in the database.
    const stored = { login: entry.login, nickName: entry.nickName, time: entry.time, at: entry.at };
    const to = this.insertionPoint(stored, from);
    for (let index = from; index > to; index--) this.sorted[index] = this.sorted[index - 1]!;
    this.sorted[to] = stored;
    this.byLogin.set(entry.login, stored);
    return kept ? { from: from + 1, to: to + 1 } : { to: to + 1 };
  }

  /** The player's rank (1 is the record), or undefined without a time here. */
  rankOf(login: string): number | undefined {
    const kept = this.byLogin.get(login);
    return kept ? this.indexOf(kept) + 1 : undefined;
  }

  recordOf(login: string): RankedRecord | undefined {
    return this.byLogin.get(login);
  }

  /** The first `count` records, as a new array (the ranking keeps changing). */
  top(count: number): RankedRecord[] {
    return this.sorted.slice(0, count);
  }

  /** Records from rank `start + 1` on, `count` of them. */
  slice(start: number, count: number): RankedRecord[] {
    return this.sorted.slice(start, start + count);
  }

  private indexOf(entry: RankedRecord): number {
    // The entry is in the list: the first position not before it is its own.
    return this.insertionPoint(entry);
  }

  /** The first position (up to `end`) whose record does not come before `entry`. */
  private insertionPoint(entry: RankedRecord, end = this.sorted.length): number {
    let low = 0;
    let high = end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.sorted[middle]!, entry)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
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
