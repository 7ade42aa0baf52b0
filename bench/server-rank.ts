import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { recordsDatabase } from '../apps/records/migrations.js';
import { ServerRanks } from '../apps/records/server-rank.js';
import { IMPORT_BATCH, RecordStore, type RecordEntry, type RecordsTables } from '../apps/records/store.js';
import type { Kysely } from '../core/index.js';
import { openDatabase } from '../core/storage/database.js';
import { percentile } from './stats.js';

export interface ServerRankBenchResult {
  p50Ms: number;
  p99Ms: number;
  naiveP50Ms: number;
  naiveP99Ms: number;
}

const PLAYERS = 1_000;
const at = (n: number): string => new Date(1_700_000_000_000 + n).toISOString();
const entryOf = (player: number, time: number, n: number): RecordEntry => ({
  login: `player-${player}`,
  nickName: `Player ${player}`,
  time,
  checkpoints: [],
  at: at(n),
  serverLogin: 'bench',
});

/** A fixed pseudo-random sequence, so every run drives the same finishes. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The naive way: every record read again, every map ranked, every player's average sorted. */
async function naiveRankOf(db: Kysely<RecordsTables>, login: string): Promise<number | undefined> {
  const rows = await db
    .selectFrom('records').select(['map_uid', 'login', 'time', 'driven_at']).orderBy('map_uid').orderBy('time').orderBy('driven_at').orderBy('login').execute();
  const byMap = new Map<string, string[]>();
  for (const row of rows) {
    const list = byMap.get(row.map_uid) ?? [];
    list.push(row.login);
    byMap.set(row.map_uid, list);
  }
  const sums = new Map<string, number>();
  for (const list of byMap.values()) list.forEach((player) => sums.set(player, 0));
  for (const list of byMap.values()) {
    const ranks = new Map(list.map((player, index) => [player, index + 1]));
    for (const player of sums.keys()) sums.set(player, sums.get(player)! + (ranks.get(player) ?? list.length + 1));
  }
  const order = [...sums.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const index = order.findIndex(([player]) => player === login);
  return index < 0 ? undefined : index + 1;
}

/**
 * `records` records over `maps` maps: a new personal best on a random map, then that player's server rank,
 * kept incrementally (what the records app does) vs recomputed from every record.
 */
export async function benchServerRank(records: number, maps: number, operations: number, naiveOperations: number): Promise<ServerRankBenchResult> {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-bench-server-rank-'));
  try {
    const database = await openDatabase('', folder, {});
    await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
    const db = database.namespace('app_records', "app 'records'");
    const store = new RecordStore(db);
    const next = random(7);
    const uids = Array.from({ length: maps }, (_, index) => `map-${index}`);
    const perMap = Math.ceil(records / maps);
    let n = 0;
    for (const uid of uids) {
      const entries = Array.from({ length: perMap }, (_, index) => entryOf((index * 7 + uid.length * 13 + n) % PLAYERS, 30_000 + Math.floor(next() * 60_000), n++));
      const unique = [...new Map(entries.map((entry) => [entry.login, entry])).values()];
      for (let start = 0; start < unique.length; start += IMPORT_BATCH) await store.importEntries(uid, unique.slice(start, start + IMPORT_BATCH));
    }
    const ranks = await ServerRanks.load(db, uids);

    // Each finish is a new best: faster than any time loaded, and a little faster every time.
    let best = 29_000;
    const finish = async (rankOf: (login: string) => Promise<unknown> | unknown): Promise<number> => {
      const uid = uids[Math.floor(next() * maps)]!;
      const entry = entryOf(Math.floor(next() * PLAYERS), best--, n++);
      const started = performance.now();
      const result = await store.submit(uid, entry);
      if (result.improved) ranks.improve(uid, entry);
      await rankOf(entry.login);
      return performance.now() - started;
    };
    const times: number[] = [];
    for (let op = 0; op < operations; op++) times.push(await finish((login) => ranks.rankOf(login)));
    const naive: number[] = [];
    for (let op = 0; op < naiveOperations; op++) naive.push(await finish((login) => naiveRankOf(db, login)));
    await database.close();
    times.sort((a, b) => a - b);
    naive.sort((a, b) => a - b);
    return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), naiveP50Ms: percentile(naive, 50), naiveP99Ms: percentile(naive, 99) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
