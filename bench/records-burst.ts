import 'reflect-metadata';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { recordsDatabase } from '../apps/records/migrations.js';
import { RecordStore, type RecordEntry, type RecordsTables } from '../apps/records/store.js';
import { validateSettings } from '../core/config/loader.js';
import { Runtime } from '../core/runtime.js';
import { openDatabase } from '../core/storage/database.js';
import * as base from '../settings/base.js';
import { BYSTANDER, type BurstSandboxMessage } from './records-burst-protocol.js';
import { percentile } from './stats.js';

export interface RecordsBurstResult {
  players: number;
  records: number;
  /** The bystander's `/players`: from the chat line sent to the answer received, during the burst. */
  bystanderP50Ms: number;
  bystanderP99Ms: number;
  answers: number;
  /** Finishes of the burst found in the database afterwards (every one is an improvement). */
  improvementsStored: number;
  /** The longest the controller's event loop was blocked while the burst ran. */
  longestBlockMs: number;
  /**
   * The most CPU time this process spent between two turns of a 1 ms timer: the longest block in work done,
   * which other processes preempting this one on a busy machine do not inflate (wall-clock figures they do).
   */
  longestBlockCpuMs: number;
  /** The machine's 1-minute load average at the end of the run, to read the wall-clock figures by. */
  loadAverage: number;
}

/** Samples, at every turn of a 1 ms timer, the CPU time the process used since the previous turn. */
function sampleBlocks(): { stop(): { longestCpuMs: number } } {
  let last = process.cpuUsage();
  let longest = 0;
  const timer = setInterval(() => {
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    longest = Math.max(longest, (used.user + used.system) / 1000);
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return { longestCpuMs: longest };
    },
  };
}

const credentials = { user: 'SuperAdmin', password: 'SuperAdmin' };
// Spread the field over ~100 s so an improvement lands mid-table, as most real ones do.
const initialTime = (index: number): number => 30_000 + ((index * 7919) % 100_000);
const entryOf = (index: number, time: number): RecordEntry => ({
  login: `player${index}`,
  nickName: `Player ${index}`,
  time,
  checkpoints: [Math.round(time / 3), Math.round((2 * time) / 3), time],
  at: new Date(1_700_000_000_000 + index).toISOString(),
  serverLogin: 'bench',
});

/**
 * Each `players` count in turn: a controller (records and admin apps) on a map holding `records` records,
 * that many players each driving an improved time within one second, and a bystander typing `/players`
 * every 10 ms meanwhile. The sandbox runs in its own process; every run gets a fresh controller and new
 * logins, so every finish is an improvement that moves a player up the ranking.
 */
export async function benchRecordsBurst(playerCounts: readonly number[], records: number): Promise<RecordsBurstResult[]> {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-bench-burst-'));
  const worker = fork(fileURLToPath(new URL('./records-burst-sandbox.js', import.meta.url)), [credentials.user, credentials.password]);
  const [{ port, mapUid }] = (await once(worker, 'message')) as [{ port: number; mapUid: string }];
  const send = (message: BurstSandboxMessage): void => void worker.send(message);
  try {
    const database = await openDatabase('', folder);
    await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
    await new RecordStore(database.namespace('app_records', "app 'records'")).importEntries(mapUid, Array.from({ length: records }, (_, index) => entryOf(index, initialTime(index))));
    await database.close();

    const results: RecordsBurstResult[] = [];
    let nextLogin = 0;
    for (const players of playerCounts) {
      const indexes = Array.from({ length: players }, (_, offset) => (nextLogin + offset) % records);
      nextLogin += players;
      const settings = validateSettings({
        ...Object.fromEntries(Object.entries(base)),
        DATA_DIR: folder,
        APPS: ['records', 'admin'],
        ANALYTICS: false,
        SANDBOX: false,
        COMMAND_RATE_LIMIT: { count: 10_000, seconds: 1 },
        DEDICATED: { host: '127.0.0.1', port, ...credentials },
        DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
      });
      send({ join: indexes.map((index) => `player${index}`) });
      await once(worker, 'message');
      const runtime = await Runtime.start({ settings, logging: { console: false }, processNet: false, watchdogs: false, appEntries: settings.APPS });
      try {
        while (runtime.server.players.size < players + 1) await new Promise((resolve) => setTimeout(resolve, 5));
        // The start's own work first: the ranking is loaded when the widget is drawn, then a moment to settle.
        send({ awaitPage: { login: BYSTANDER, id: 'pitwall.records.widget' } });
        await once(worker, 'message');
        await new Promise((resolve) => setTimeout(resolve, 500));
        const burstStart = new Date().toISOString();
        const delay = monitorEventLoopDelay({ resolution: 5 });
        delay.enable();
        const blocks = sampleBlocks();
        // Halfway up from where each player stands: a new best that moves them past many others.
        send({ burst: { finishes: indexes.map((index) => ({ login: `player${index}`, time: initialTime(index) - 1 - Math.floor((initialTime(index) - 30_000) / 2) })), windowMs: 1000, pingEveryMs: 10, tailMs: 1000 } });
        const [{ latencies }] = (await once(worker, 'message')) as [{ latencies: number[] }];
        delay.disable();
        const { longestCpuMs } = blocks.stop();
        latencies.sort((a, b) => a - b);
        // Every finish of the burst was an improvement: each must be in the database.
        const stored = await runtime.database
          .namespace<RecordsTables>('app_records', 'bench')
          .selectFrom('records')
          .select((eb) => eb.fn.countAll<number | bigint>().as('count'))
          .where('map_uid', '=', mapUid)
          .where('driven_at', '>=', burstStart)
          .executeTakeFirst();
        results.push({
          players,
          records,
          bystanderP50Ms: percentile(latencies, 50),
          bystanderP99Ms: percentile(latencies, 99),
          answers: latencies.length,
          improvementsStored: Number(stored?.count ?? 0),
          longestBlockMs: delay.max / 1e6,
          longestBlockCpuMs: longestCpuMs,
          loadAverage: loadavg()[0]!,
        });
      } finally {
        await runtime.stop();
      }
    }
    return results;
  } finally {
    const exited = once(worker, 'exit');
    send({ stop: true });
    await exited;
    rmSync(folder, { recursive: true, force: true });
  }
}
