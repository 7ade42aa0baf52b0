/**
 * A map's ranking in memory: improve() moving the player halfway down 100,000 records to #1 (the move that
 * passes the most records a finish usually passes), then the records it passed read out (what server ranks
 * copy), warm (after many moves in one process) and cold (the first call in a new process, before V8 has
 * compiled it). The chunked MapRanking against the single sorted array it replaced, kept below as the baseline.
 * `node dist/bench/ranking.js [--quick]` runs it alone.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { recordsDatabase } from '../apps/records/migrations.js';
import { MapRanking, RANKING_CHUNK, type RankedRecord } from '../apps/records/ranking.js';
import { IMPORT_BATCH, RecordStore, type RecordEntry } from '../apps/records/store.js';
import { openDatabase } from '../core/storage/database.js';
import { format, percentile } from './stats.js';

export const RANKING_MAP = 'bench-map';

function before(a: RankedRecord, b: RankedRecord): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.at !== b.at) return a.at < b.at;
  return a.login < b.login;
}

/** The baseline only: MapRanking as it was, one sorted array whose records shift one by one in a loop. */
export class SingleArrayRanking {
  private readonly sorted: RankedRecord[] = [];
  private readonly byLogin = new Map<string, RankedRecord>();

  static from(records: readonly RankedRecord[]): SingleArrayRanking {
    const ranking = new SingleArrayRanking();
    for (const entry of records) {
      ranking.sorted.push(entry);
      ranking.byLogin.set(entry.login, entry);
    }
    return ranking;
  }

  improve(entry: RankedRecord): { from?: number; to: number } | undefined {
    const kept = this.byLogin.get(entry.login);
    if (kept && !before(entry, kept)) return undefined;
    const from = kept ? this.insertionPoint(kept) : this.sorted.length;
    const stored = { login: entry.login, nickName: entry.nickName, time: entry.time, at: entry.at };
    const to = this.insertionPoint(stored, from);
    for (let index = from; index > to; index--) this.sorted[index] = this.sorted[index - 1]!;
    this.sorted[to] = stored;
    this.byLogin.set(entry.login, stored);
    return kept ? { from: from + 1, to: to + 1 } : { to: to + 1 };
  }

  slice(start: number, count: number): RankedRecord[] {
    return this.sorted.slice(start, start + count);
  }

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

export type RankingKind = 'chunked' | 'single-array';

interface Movable {
  improve(entry: RankedRecord): { from?: number; to: number } | undefined;
  slice(start: number, count: number): RankedRecord[];
}

/** One sample: the move's improve() and the copy of the records it passed, in ms. */
export interface MoveSample {
  improveMs: number;
  sliceMs: number;
}

/** Moves the player at the middle of `ranking` (read from `reference`, which has the same order) to #1. */
export function moveMiddleToTop(subject: Movable, reference: MapRanking): MoveSample {
  const mover = reference.slice(reference.size >>> 1, 1)[0]!;
  const entry = { ...mover, time: reference.top(1)[0]!.time - 1 };
  const started = performance.now();
  const moved = subject.improve(entry);
  const improved = performance.now();
  const passed = subject.slice(moved!.to, moved!.from! - moved!.to);
  const sliced = performance.now();
  if (subject !== reference) reference.improve(entry);
  if (passed.length !== reference.size >>> 1) throw new Error(`The move passed ${passed.length} records, not ${reference.size >>> 1}`);
  return { improveMs: improved - started, sliceMs: sliced - improved };
}

const entryOf = (index: number): RecordEntry => {
  // Spread over ~100 s, as a real map's records are.
  const time = 30_000 + ((index * 7919) % 100_000);
  return { login: `player-${index}`, nickName: `Player ${index}`, time, checkpoints: [], at: new Date(1_700_000_000_000 + index).toISOString(), serverLogin: 'bench' };
};

export interface RankingBenchResult {
  records: number;
  cold: Record<RankingKind, MoveSample[]>;
  warm: Record<RankingKind, MoveSample[]>;
}

/** `records` records in a database; `cold` new processes per kind, `warm` measured moves per kind in this one. */
export async function benchRanking(records: number, cold: number, warm: number): Promise<RankingBenchResult> {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-bench-ranking-'));
  try {
    const database = await openDatabase('', folder);
    await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
    const db = database.namespace('app_records', "app 'records'");
    const store = new RecordStore(db);
    for (let start = 0; start < records; start += IMPORT_BATCH) {
      await store.importEntries(RANKING_MAP, Array.from({ length: Math.min(IMPORT_BATCH, records - start) }, (_, index) => entryOf(start + index)));
    }
    const result: RankingBenchResult = { records, cold: { chunked: [], 'single-array': [] }, warm: { chunked: [], 'single-array': [] } };
    const kinds: RankingKind[] = ['chunked', 'single-array'];
    // Alternated, so the machine's other work weighs on both alike.
    for (let run = 0; run < cold; run++) {
      for (const kind of kinds) {
        const child = fork(fileURLToPath(new URL('./ranking-cold.js', import.meta.url)), [folder, kind]);
        const [sample] = (await once(child, 'message')) as [MoveSample];
        await once(child, 'exit');
        result.cold[kind].push(sample);
      }
    }
    for (const kind of kinds) {
      const reference = await MapRanking.load(db, RANKING_MAP);
      const subject = kind === 'chunked' ? reference : SingleArrayRanking.from(reference.top(Number.POSITIVE_INFINITY));
      // As many moves again unmeasured first: by then V8 has compiled every path.
      for (let move = -warm; move < warm; move++) {
        const sample = moveMiddleToTop(subject, reference);
        if (move >= 0) result.warm[kind].push(sample);
      }
    }
    await database.close();
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The lines `npm run bench` prints. */
export async function rankingLines(quick: boolean): Promise<string[]> {
  const result = await benchRanking(100_000, quick ? 3 : 15, quick ? 100 : 500);
  const figures = (samples: MoveSample[], key: keyof MoveSample): { p50: number; p99: number } => {
    const ms = samples.map((sample) => sample[key]).sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
  };
  const lines: string[] = [];
  for (const when of ['cold', 'warm'] as const) {
    const samples = result[when];
    const count = samples.chunked.length;
    const improve = { chunked: figures(samples.chunked, 'improveMs'), single: figures(samples['single-array'], 'improveMs') };
    const slice = { chunked: figures(samples.chunked, 'sliceMs'), single: figures(samples['single-array'], 'sliceMs') };
    lines.push(
      `${when} (${count} ${when === 'cold' ? 'processes' : 'moves'} each): improve chunked p50 ${format(improve.chunked.p50, 3)} ms, p99 ${format(improve.chunked.p99, 3)} ms; ` +
        `single array p50 ${format(improve.single.p50, 3)} ms, p99 ${format(improve.single.p99, 3)} ms = p50 ${format(improve.single.p50 / improve.chunked.p50, 0)}x faster chunked; ` +
        `the ${format(result.records / 2)} records passed read out: chunked p50 ${format(slice.chunked.p50, 3)} ms vs single array ${format(slice.single.p50, 3)} ms`,
    );
  }
  return lines;
}

export const rankingTitle = `# Map ranking: improve() moving the player halfway down 100,000 records to #1, chunked (${RANKING_CHUNK} a chunk) vs the former single array, cold (the first call in a new process) and warm`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${rankingTitle}\n`);
  for (const line of await rankingLines(process.argv.includes('--quick'))) process.stdout.write(`${line}\n`);
}
