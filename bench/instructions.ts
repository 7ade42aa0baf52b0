/**
 * Instructions per request / event, counted by callgrind: a figure the machine's other load does not change.
 * Each workload runs in its own `valgrind --tool=callgrind` process (bench/instructions-worker.ts), Pitwall's and
 * its baseline's back to back in the same run. Debian's `valgrind` package provides valgrind and callgrind_control.
 *
 * `npm run bench -- --instructions [gbx|dispatch|records ...]` or `node dist/bench/instructions.js [...]`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from './stats.js';

interface Comparison {
  title: string;
  unit: string;
  pitwall: { label: string; args: string[]; count: number };
  baseline: { label: string; args: string[]; count: number };
}

const worker = fileURLToPath(new URL('./instructions-worker.js', import.meta.url));

/** What each group compares; counts are sized so one valgrind run takes tens of seconds. */
function comparisons(groups: readonly string[]): Comparison[] {
  const all: (Comparison & { group: string })[] = [];
  for (const [method, count] of [['GetStatus', 2000], ['GetMapList', 10]] as const) {
    for (const mode of ['sequential', 'inflight'] as const) {
      all.push({
        group: 'gbx',
        title: `GbxRemote ${method === 'GetMapList' ? 'GetMapList (500 maps)' : method}, ${mode === 'sequential' ? 'sequential' : '100 in flight'}`,
        unit: 'request',
        pitwall: { label: 'Pitwall', args: ['gbx', 'pitwall', method, mode, String(count)], count },
        baseline: { label: 'floor', args: ['gbx', 'floor', method, mode, String(count)], count },
      });
    }
  }
  all.push({
    group: 'dispatch',
    title: 'Dispatch, trivial handler',
    unit: 'event',
    pitwall: { label: 'attributed app handler', args: ['dispatch', 'wrapped', '100000'], count: 100_000 },
    baseline: { label: 'bare EventEmitter', args: ['dispatch', 'bare', '100000'], count: 100_000 },
  });
  all.push({
    group: 'records',
    title: 'Records submit + top-10, 10,000 records on the map',
    unit: 'operation',
    pitwall: { label: 'SQLite store', args: ['records', 'sqlite', '200'], count: 200 },
    baseline: { label: 'former JSON file', args: ['records', 'json', '20'], count: 20 },
  });
  // A group (gbx, dispatch, records) or a word of the workload (GetStatus, inflight) picks comparisons.
  return all.filter((comparison) => groups.length === 0 || groups.includes(comparison.group) || comparison.pitwall.args.some((arg) => groups.includes(arg)));
}

/** Runs the worker with `args` under callgrind; returns the instructions of its measured section. */
async function countInstructions(args: readonly string[]): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-callgrind-'));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        'valgrind',
        // --single-threaded: V8 compiles and collects on the main thread, so an optimising compile runs (and is
        // counted) during the warm-up, not in a background thread during the measured sections.
        ['--tool=callgrind', `--callgrind-out-file=${join(folder, 'callgrind.out')}`, process.execPath, '--single-threaded', worker, ...args],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, _stdout, stderr) => {
          if (error) reject(new Error(`valgrind ${args.join(' ')} failed: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'valgrind is not installed (Debian: apt-get install -y valgrind)' : stderr.slice(-2000)}`));
          else resolve();
        },
      );
    });
    const dumps = new Map<string, number>();
    for (const file of readdirSync(folder)) {
      const text = readFileSync(join(folder, file), 'utf8');
      const trigger = /^desc: Trigger: dump (\w+)$/m.exec(text)?.[1];
      const totals = /^totals: (\d+)$/m.exec(text)?.[1] ?? /^summary: (\d+)$/m.exec(text)?.[1];
      if (trigger && totals) dumps.set(trigger, Number(totals));
    }
    const [ops, again, idle] = [dumps.get('ops'), dumps.get('again'), dumps.get('idle')];
    if (ops === undefined || again === undefined || idle === undefined) throw new Error(`callgrind wrote no "ops"/"again"/"idle" dumps for ${args.join(' ')}`);
    return Math.min(ops, again) - idle;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The lines printed: instructions per unit for Pitwall and its baseline, and their ratio. */
export async function instructionLines(groups: readonly string[], print: (line: string) => void): Promise<void> {
  print(`# Instructions per request/event (callgrind, Node ${process.version}): Pitwall vs its baseline, same run`);
  for (const comparison of comparisons(groups)) {
    const pitwall = (await countInstructions(comparison.pitwall.args)) / comparison.pitwall.count;
    const baseline = (await countInstructions(comparison.baseline.args)) / comparison.baseline.count;
    print(
      `${comparison.title}: ${comparison.pitwall.label} ${format(pitwall)}, ${comparison.baseline.label} ${format(baseline)} instructions per ${comparison.unit} = ` +
        `${format(pitwall / baseline, 2)}x`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await instructionLines(process.argv.slice(2).filter((arg) => !arg.startsWith('--')), (line) => process.stdout.write(`${line}\n`));
}
