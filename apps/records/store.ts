import { writeOrQueue, type Kysely } from '../../core/index.js';
import { reusableCompiledQuery, reusableQuery } from './reusable-query.js';

/** The records app's tables, as ctx.db sees them. */
export interface RecordsTables {
  records: {
    map_uid: string;
    login: string;
    nick_name: string;
    /** Race time in milliseconds. */
    time: number;
    /** Checkpoint times in milliseconds, as a JSON array. */
    checkpoints: string;
    /** When it was driven (ISO 8601). */
    driven_at: string;
    /** The server that saw it (controllers sharing a database share records). */
    server_login: string;
  };
}

export interface RecordEntry {
  login: string;
  nickName: string;
  /** Race time in milliseconds. */
  time: number;
  /** Checkpoint times in milliseconds. */
  checkpoints: number[];
  /** When it was driven (ISO 8601). */
  at: string;
  serverLogin: string;
}

/** Rows per statement when importing: each batch runs on the event loop (SQLite is synchronous), so keep it short. */
export const IMPORT_BATCH = 100;

/** `queued`: the database is unreachable; the finish is kept on disk and stored (if it is the better time) when it is back. */
export type SubmitResult = { improved: false; queued?: true } | { improved: true; rank?: number };

/** Each map's best time per player: one row per (map uid, login), read in time order through an index. */
export class RecordStore {
  // The queries run on every finish and every records display, compiled once (values bound per run).
  private readonly topRows;
  private readonly keepBestOne;
  private readonly ownTime;
  private readonly countAhead;
  private readonly countAheadUpTo;

  constructor(private readonly db: Kysely<RecordsTables>) {
    this.topRows = reusableQuery(db, (values: { mapUid: string; count: number }) =>
      db.selectFrom('records').selectAll().where('map_uid', '=', values.mapUid).orderBy('time').orderBy('driven_at').orderBy('login').limit(values.count),
    );
    // Spelled out: the insert reads the row's keys, which the stand-in values do not list.
    this.keepBestOne = reusableCompiledQuery((row: RecordsTables['records']) =>
      this.keepBestQuery([
        { map_uid: row.map_uid, login: row.login, nick_name: row.nick_name, time: row.time, checkpoints: row.checkpoints, driven_at: row.driven_at, server_login: row.server_login },
      ]),
    );
    this.ownTime = reusableQuery(db, (values: { mapUid: string; login: string }) =>
      db.selectFrom('records').select('time').where('map_uid', '=', values.mapUid).where('login', '=', values.login),
    );
    this.countAhead = reusableQuery(db, (values: { mapUid: string; login: string; time: number }) => this.countAheadQuery(values));
    this.countAheadUpTo = reusableQuery(db, (values: { mapUid: string; login: string; time: number; upTo: number }) => this.countAheadQuery(values, values.upTo));
  }

  async top(mapUid: string, count: number): Promise<RecordEntry[]> {
    return (await this.topRows({ mapUid, count })).map(toEntry);
  }

  /**
   * Records a finish: `improved` when it beat the player's best (or was their first), with the new rank when
   * it is within `rankUpTo` (counting further would read the whole map's table on every finish).
   */
  async submit(mapUid: string, entry: RecordEntry, options: { rankUpTo?: number } = {}): Promise<SubmitResult> {
    // Queued through an outage and replayed later: the upsert keeps the better time whenever it runs.
    const written = await writeOrQueue(this.db, [this.keepBestOne(toRow(mapUid, entry))]);
    if (written.queued) return { improved: false, queued: true };
    if (written.rows.length === 0) return { improved: false };
    const rank = await this.rankOf(mapUid, entry.login, entry.time, options.rankUpTo);
    return rank === undefined ? { improved: true } : { improved: true, rank };
  }

  /** The player's best on the map with its checkpoint times, or undefined without a time there. */
  async recordOf(mapUid: string, login: string): Promise<RecordEntry | undefined> {
    const row = await this.db.selectFrom('records').selectAll().where('map_uid', '=', mapUid).where('login', '=', login).executeTakeFirst();
    return row ? toEntry(row) : undefined;
  }

  /** The player's rank on the map (1 is the record), or undefined without a time there. */
  async rank(mapUid: string, login: string): Promise<number | undefined> {
    const [own] = await this.ownTime({ mapUid, login });
    return own ? this.rankOf(mapUid, login, Number(own.time)) : undefined;
  }

  /** How many maps the player has a time on, and on how many of them it is the record. */
  async countsOf(login: string): Promise<{ records: number; firsts: number }> {
    const [all, firsts] = await Promise.all([
      this.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('login', '=', login).executeTakeFirstOrThrow(),
      this.db
        .selectFrom('records as own')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('own.login', '=', login)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('records as other')
                .select('other.login')
                .whereRef('other.map_uid', '=', 'own.map_uid')
                .where((eb) => eb.or([eb('other.time', '<', eb.ref('own.time')), eb.and([eb('other.time', '=', eb.ref('own.time')), eb('other.driven_at', '<', eb.ref('own.driven_at'))])])),
            ),
          ),
        )
        .executeTakeFirstOrThrow(),
    ]);
    return { records: Number(all.n), firsts: Number(firsts.n) };
  }

  /** The record (best time) of each of these maps that has one. */
  async bestTimes(mapUids: readonly string[]): Promise<Map<string, number>> {
    if (mapUids.length === 0) return new Map();
    const rows = await this.db.selectFrom('records').select(['map_uid', (eb) => eb.fn.min<number>('time').as('best')]).where('map_uid', 'in', mapUids).groupBy('map_uid').execute();
    return new Map(rows.map((row) => [row.map_uid, Number(row.best)]));
  }

  /** The player's own best time on each of these maps where they have one. */
  async timesOf(login: string, mapUids: readonly string[]): Promise<Map<string, number>> {
    if (mapUids.length === 0) return new Map();
    const rows = await this.db.selectFrom('records').select(['map_uid', 'time']).where('login', '=', login).where('map_uid', 'in', mapUids).execute();
    return new Map(rows.map((row) => [row.map_uid, Number(row.time)]));
  }

  /** Adds entries read from elsewhere, keeping each player's best; returns how many rows changed. */
  async importEntries(mapUid: string, entries: readonly RecordEntry[]): Promise<number> {
    let changed = 0;
    // Small batches: one statement stays well under SQLite's bound-parameter limit and never blocks long.
    for (let start = 0; start < entries.length; start += IMPORT_BATCH) {
      changed += await this.keepBest(mapUid, bestPerLogin(entries.slice(start, start + IMPORT_BATCH)));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return changed;
  }

  /** Inserts each entry, or replaces the stored one when it is faster; returns how many rows changed. */
  private async keepBest(mapUid: string, entries: readonly RecordEntry[]): Promise<number> {
    const rows = entries.map((entry) => toRow(mapUid, entry));
    const written = rows.length === 1 ? (await this.db.executeQuery(this.keepBestOne(rows[0]!))).rows : await this.keepBestQuery(rows).execute();
    return written.length;
  }

  private keepBestQuery(rows: RecordsTables['records'][]) {
    return this.db
      .insertInto('records')
      .values(rows)
      .onConflict((conflict) =>
        conflict
          .columns(['map_uid', 'login'])
          .doUpdateSet((eb) => ({
            nick_name: eb.ref('excluded.nick_name'),
            time: eb.ref('excluded.time'),
            checkpoints: eb.ref('excluded.checkpoints'),
            driven_at: eb.ref('excluded.driven_at'),
            server_login: eb.ref('excluded.server_login'),
          }))
          // Decided by the database, so controllers sharing it agree on who holds the record.
          .where((eb) => eb('records.time', '>', eb.ref('excluded.time'))),
      )
      // Rows returned are rows written: every driver reports them the same way (affected-row counts differ).
      .returning('login');
  }

  private countAheadQuery(values: { mapUid: string; login: string; time: number }, upTo?: number) {
    let ahead = this.db.selectFrom('records').select('login').where('map_uid', '=', values.mapUid).where('time', '<=', values.time).where('login', '<>', values.login);
    if (upTo !== undefined) ahead = ahead.limit(upTo);
    return this.db.selectFrom(ahead.as('ahead')).select((eb) => eb.fn.countAll<number | string | bigint>().as('count'));
  }

  /** Ties go to whoever drove the time first, so a new equal time ranks after the ones already there. */
  private async rankOf(mapUid: string, login: string, time: number, upTo = Number.POSITIVE_INFINITY): Promise<number | undefined> {
    if (upTo < 1) return undefined;
    const [counted] = Number.isFinite(upTo) ? await this.countAheadUpTo({ mapUid, login, time, upTo }) : await this.countAhead({ mapUid, login, time });
    const rank = Number(counted!.count) + 1;
    return rank <= upTo ? rank : undefined;
  }
}

function toRow(mapUid: string, entry: RecordEntry): RecordsTables['records'] {
  return {
    map_uid: mapUid,
    login: entry.login,
    nick_name: entry.nickName,
    time: entry.time,
    checkpoints: JSON.stringify(entry.checkpoints),
    driven_at: entry.at,
    server_login: entry.serverLogin,
  };
}

function toEntry(row: RecordsTables['records']): RecordEntry {
  return {
    login: row.login,
    nickName: row.nick_name,
    time: Number(row.time),
    checkpoints: JSON.parse(row.checkpoints) as number[],
    at: row.driven_at,
    serverLogin: row.server_login,
  };
}

/** One statement may not touch the same row twice (PostgreSQL refuses), so duplicates keep the best. */
function bestPerLogin(entries: readonly RecordEntry[]): RecordEntry[] {
  const best = new Map<string, RecordEntry>();
  for (const entry of entries) {
    const kept = best.get(entry.login);
    if (!kept || entry.time < kept.time) best.set(entry.login, entry);
  }
  return [...best.values()];
}

/** A difference between two times, signed: -120 -> "-0.120", 61500 -> "+1:01.500", 0 -> "0.000". */
export function formatGap(ms: number): string {
  const sign = ms < 0 ? '-' : ms > 0 ? '+' : '';
  const size = Math.abs(ms);
  const seconds = `${Math.floor((size % 60_000) / 1000)}.${String(size % 1000).padStart(3, '0')}`;
  return size < 60_000 ? `${sign}${seconds}` : `${sign}${Math.floor(size / 60_000)}:${seconds.padStart(6, '0')}`;
}

/** 83456 -> "1:23.456" */
export function formatTime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}:${String(seconds).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}
