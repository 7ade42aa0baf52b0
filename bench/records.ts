import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { recordsDatabase } from '../apps/records/migrations.js';
import { IMPORT_BATCH, RecordStore, type RecordEntry } from '../apps/records/store.js';
import { openDatabase } from '../core/storage/database.js';
import type { SqliteEngineName } from '../core/storage/sqlite-engine.js';
import { JsonRecordStore } from './json-record-store.js';
import { percentile } from './stats.js';

export interface RecordsBenchResult {
  records: number;
  sqliteP50Ms: number;
  sqliteP99Ms: number;
  jsonP50Ms: number;
  jsonP99Ms: number;
  /** The longest single query of each kind the records app makes (better-sqlite3 runs each one synchronously). */
  longestMs: Record<QueryKind, number>;
  /** The 99th percentile of each kind: the longest ones are mostly the machine's other work preempting us. */
  p99Ms: Record<QueryKind, number>;
  /** CPU time per submit + top-10 on SQLite (user + system), which other processes on the machine do not inflate. */
  sqliteCpuMsPerOperation: number;
}

type QueryKind = 'submit' | 'top10' | 'top50' | 'rank' | 'importBatch';

const MAP = 'bench-map';
const entryOf = (index: number, time: number): RecordEntry => ({
  login: `player-${index}`,
  nickName: `Player ${index}`,
  time,
  checkpoints: [Math.round(time / 3), Math.round((2 * time) / 3)],
  at: new Date(1_700_000_000_000 + index).toISOString(),
  serverLogin: 'bench',
});
// Spread the field over ~100 s so an improvement lands mid-table, as most real ones do.
const initialTime = (index: number): number => 30_000 + ((index * 7919) % 100_000);

/** Submit (an improved time) + top-10 on one map holding `records` records: SQLite store vs the JSON file. */
export async function benchRecords(records: number, operations: number, jsonOperations: number, engine?: SqliteEngineName): Promise<RecordsBenchResult> {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-bench-records-'));
  try {
    const database = await openDatabase('', folder, engine ? { sqliteEngine: engine } : {});
    await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
    const store = new RecordStore(database.namespace('app_records', "app 'records'"));
    const samples: Record<QueryKind, number[]> = { submit: [], top10: [], top50: [], rank: [], importBatch: [] };
    const timed = async <T>(kind: QueryKind, run: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await run();
      samples[kind].push(performance.now() - started);
      return result;
    };

    const all = Array.from({ length: records }, (_, index) => entryOf(index, initialTime(index)));
    for (let start = 0; start < all.length; start += IMPORT_BATCH) await timed('importBatch', () => store.importEntries(MAP, all.slice(start, start + IMPORT_BATCH)));

    const sqliteTimes: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let op = 0; op < operations; op += 1) {
      const index = (op * 104_729) % records;
      const started = performance.now();
      await timed('submit', () => store.submit(MAP, entryOf(index, initialTime(index) - 1 - op), { rankUpTo: 10 }));
      await timed('top10', () => store.top(MAP, 10));
      sqliteTimes.push(performance.now() - started);
    }
    const cpu = process.cpuUsage(cpuBefore);
    // The /records list at its largest setting, and a full rank (what the app exports to dependent apps).
    for (let op = 0; op < operations / 10; op += 1) {
      await timed('top50', () => store.top(MAP, 50));
      await timed('rank', () => store.rank(MAP, `player-${(op * 7_717) % records}`));
    }
    await database.close();

    const sorted = all.map(({ login, nickName, time, at }) => ({ login, nickName, time, at })).sort((a, b) => a.time - b.time);
    const jsonDir = mkdtempSync(join(folder, 'json-'));
    writeFileSync(join(jsonDir, 'records.json'), JSON.stringify({ [MAP]: sorted }));
    const json = new JsonRecordStore(jsonDir);
    const jsonTimes: number[] = [];
    for (let op = 0; op < jsonOperations; op += 1) {
      const index = (op * 104_729) % records;
      const started = performance.now();
      const { login, nickName, time, at } = entryOf(index, initialTime(index) - 1 - op);
      json.submit(MAP, { login, nickName, time, at });
      json.top(MAP, 10);
      jsonTimes.push(performance.now() - started);
    }

    sqliteTimes.sort((a, b) => a - b);
    jsonTimes.sort((a, b) => a - b);
    return {
      records,
      sqliteP50Ms: percentile(sqliteTimes, 50),
      sqliteP99Ms: percentile(sqliteTimes, 99),
      jsonP50Ms: percentile(jsonTimes, 50),
      jsonP99Ms: percentile(jsonTimes, 99),
      longestMs: Object.fromEntries(Object.entries(samples).map(([kind, list]) => [kind, Math.max(...list)])) as Record<QueryKind, number>,
      p99Ms: Object.fromEntries(Object.entries(samples).map(([kind, list]) => [kind, percentile(list.sort((a, b) => a - b), 99)])) as Record<QueryKind, number>,
      sqliteCpuMsPerOperation: (cpu.user + cpu.system) / 1000 / operations,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
