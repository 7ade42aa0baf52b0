import type { Kysely } from '../../core/index.js';
import { MapRanking, type RankedRecord } from './ranking.js';
import type { RecordsTables } from './store.js';

/** One player's server rank: their place among everyone ranked, and the average it comes from. */
export interface ServerRank {
  login: string;
  nickName: string;
  /** 1 is the best. */
  place: number;
  of: number;
  average: number;
  /** Maps with at least one record, which the average is taken over. */
  maps: number;
}

/**
 * Server ranks, as XAseco and PyPlanet compute them: a player's average rank over the server's maps that have
 * at least one record, where a map without a time of theirs counts as that map's worst rank plus one; only
 * players with a time on at least one of those maps are ranked.
 *
 * Kept incrementally: with N_m records on map m, the sum of a player's ranks is
 *   T + D_p, where T = sum over ranked maps of (N_m + 1) and D_p = sum over p's maps of (rank - N_m - 1),
 * so a new record changes T by one (two for a map's first record) and D only for the player and those the
 * record passed or, for a first time on a map, those ahead of it: never a scan of every record. A finish is
 * only queued until settle() or a read: one that passes 50,000 records costs a copy of their list and as
 * many additions (a few ms), which come after the widget's redraw rather than on its way.
 */
export class ServerRanks {
  private readonly maps = new Map<string, MapRanking>();
  /**
   * Each ranked player's D_p and name, one entry each: a finish passing 50,000 records updates 50,000 of
   * them, where one lookup each (not a get, a set and a name check in separate maps) is a third of the time.
   */
  private readonly players = new Map<string, { nickName: string; deficit: number }>();
  private total = 0;
  private rankedMaps = 0;
  private sorted?: { login: string; average: number }[];
  /** Each ranked player's place, built with `sorted` (the widget reads every connected player's). */
  private places?: Map<string, number>;
  /** Finishes not yet counted, in the order they came: settled before the next read. */
  private readonly queued: { mapUid: string; entry: RankedRecord }[] = [];

  /** Reads every record of these maps (in pages) and computes every rank once. */
  static async load(db: Kysely<RecordsTables>, mapUids: readonly string[]): Promise<ServerRanks> {
    const rankings: MapRanking[] = [];
    for (const uid of new Set(mapUids)) rankings.push(await MapRanking.load(db, uid));
    return ServerRanks.from(rankings);
  }

  /** Ranks over these maps' rankings, which it then keeps up to date through improve(). */
  static from(rankings: readonly MapRanking[]): ServerRanks {
    const ranks = new ServerRanks();
    for (const ranking of rankings) ranks.maps.set(ranking.uid, ranking);
    for (const ranking of ranks.maps.values()) {
      const size = ranking.size;
      if (size === 0) continue;
      ranks.rankedMaps++;
      ranks.total += size + 1;
      ranking.slice(0, size).forEach((entry, index) => ranks.add(entry, index + 1 - size - 1));
    }
    return ranks;
  }

  /** The maps ranked over: when the server's list no longer matches, the ranks are loaded again. */
  covers(mapUids: readonly string[]): boolean {
    const wanted = new Set(mapUids);
    return wanted.size === this.maps.size && [...wanted].every((uid) => this.maps.has(uid));
  }

  /**
   * A finish on one of the maps, counted at the next settle() or read: when it is the player's best there,
   * every rank it changes is updated then.
   */
  improve(mapUid: string, entry: RankedRecord): void {
    this.queued.push({ mapUid, entry });
  }

  /**
   * Counts the queued finishes, oldest first: done before every read, and by the records app once each
   * finish's redraw is out, so the queue never piles up on a server where nobody reads a rank. True when one
   * of them was a player's best (the ranks may have changed).
   */
  settle(): boolean {
    let changed = false;
    for (const { mapUid, entry } of this.queued.splice(0)) if (this.count(mapUid, entry)) changed = true;
    return changed;
  }

  private count(mapUid: string, entry: RankedRecord): boolean {
    const ranking = this.maps.get(mapUid);
    const moved = ranking?.improve(entry);
    if (!ranking || !moved) return false;
    this.player(entry).nickName = entry.nickName;
    this.sorted = undefined;
    this.places = undefined;
    const size = ranking.size;
    if (moved.from === undefined) {
      if (size === 1) {
        this.rankedMaps++;
        this.total += 2;
      } else {
        this.total += 1;
        // Those ahead keep their rank while the map's worst rank grows.
        for (const ahead of ranking.top(moved.to - 1)) this.add(ahead, -1);
      }
      this.add(entry, moved.to - size - 1);
      return true;
    }
    // The records passed move down one place each.
    for (const passed of ranking.slice(moved.to, moved.from - moved.to)) this.add(passed, 1);
    this.add(entry, moved.to - moved.from);
    return true;
  }

  /** The player's place (1 is the best), or undefined when they are not ranked: read without a scan. */
  placeOf(login: string): number | undefined {
    this.settle();
    this.places ??= new Map(this.order().map((entry, index) => [entry.login, index + 1] as const));
    return this.places.get(login);
  }

  rankOf(login: string): ServerRank | undefined {
    const order = this.order();
    const index = order.findIndex((entry) => entry.login === login);
    if (index < 0) return undefined;
    return this.describe(order, index);
  }

  top(count: number): ServerRank[] {
    const order = this.order();
    return order.slice(0, count).map((_, index) => this.describe(order, index));
  }

  private describe(order: { login: string; average: number }[], index: number): ServerRank {
    const { login, average } = order[index]!;
    return { login, nickName: this.players.get(login)?.nickName ?? login, place: index + 1, of: order.length, average, maps: this.rankedMaps };
  }

  private order(): { login: string; average: number }[] {
    this.settle();
    this.sorted ??= [...this.players]
      .map(([login, { deficit }]) => ({ login, average: (this.total + deficit) / this.rankedMaps }))
      .sort((a, b) => a.average - b.average || (a.login < b.login ? -1 : a.login > b.login ? 1 : 0));
    return this.sorted;
  }

  private add(entry: RankedRecord, change: number): void {
    this.player(entry).deficit += change;
  }

  private player(entry: RankedRecord): { nickName: string; deficit: number } {
    let player = this.players.get(entry.login);
    if (!player) {
      player = { nickName: entry.nickName, deficit: 0 };
      this.players.set(entry.login, player);
    }
    return player;
  }
}
