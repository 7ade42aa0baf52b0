import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppEntry } from '../core/apps/host.js';
import { validateSettings } from '../core/config/loader.js';
import { Runtime } from '../core/runtime.js';
import { MemoryTransport, type LogEntry } from '../core/testing/logs.js';
import * as base from '../settings/base.js';
import { format, percentile } from './stats.js';

export interface WorkerIsolationResult {
  processP50Ms: number;
  processP99Ms: number;
  workerP50Ms: number;
  workerP99Ms: number;
  /** Events per second through 20 worker apps, each handling every event. */
  twentyWorkersEventsPerSecond: number;
  /** RSS added per started worker app, in MB. */
  rssPerWorkerMb: number;
}

/** A log whose every line wakes the one waiting for it. */
class WakingLog extends Array<LogEntry> {
  waiter?: () => void;
  override push(...entries: LogEntry[]): number {
    const length = super.push(...entries);
    this.waiter?.();
    return length;
  }
}

async function runtimeWith(apps: AppEntry[], log: WakingLog, dataDir: string): Promise<Runtime> {
  const settings = validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: dataDir,
    APPS: [],
    SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 0 },
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'SuperAdmin' },
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
    LOGGING_REPORTING: 1,
    ANALYTICS: false,
  });
  return Runtime.start({ settings, logging: { console: false, transports: [new MemoryTransport(log)] }, processNet: false, watchdogs: false, errorSink: { capture: () => undefined }, appEntries: apps });
}

/** Emits playerChat and waits for the app's log line saying it handled it: one event's round trip. */
async function roundTrips(runtime: Runtime, log: WakingLog, label: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const text = `e${index}`;
    const seen = new Promise<void>((resolve) => (log.waiter = () => log.at(-1)?.message === text && log.at(-1)?.label === label && resolve()));
    const start = performance.now();
    runtime.events.emit('playerChat', { login: 'p', text, isCommand: false, channel: 'normal' });
    await seen;
    times.push(performance.now() - start);
  }
  log.waiter = undefined;
  log.length = 0;
  return times.sort((a, b) => a - b);
}

export async function benchWorkerIsolation(count: number): Promise<WorkerIsolationResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-worker-'));
  const appSource = (id: string) => `export default { id: '${id}', version: '1.0.0', init(ctx) { ctx.on('playerChat', (chat) => ctx.logger.info(chat.text)); } };\n`;
  const files = Array.from({ length: 20 }, (_, index) => {
    const file = join(dataDir, `w${index}.mjs`);
    writeFileSync(file, appSource(`w${index}`));
    return file;
  });
  try {
    const log = new WakingLog();
    const inProcess = await runtimeWith([{ id: 'p', version: '1.0.0', init: (ctx) => void ctx.on('playerChat', (chat) => ctx.logger.info(chat.text)) }], log, join(dataDir, 'a'));
    await roundTrips(inProcess, log, 'p', 200);
    const processTimes = await roundTrips(inProcess, log, 'p', count);
    await inProcess.stop();

    const oneWorker = await runtimeWith([{ id: files[0]!, isolation: 'worker' }], log, join(dataDir, 'b'));
    await roundTrips(oneWorker, log, 'w0', 200);
    const workerTimes = await roundTrips(oneWorker, log, 'w0', count);
    await oneWorker.stop();

    global.gc?.();
    const before = process.memoryUsage().rss;
    const twenty = await runtimeWith(files.map((file) => ({ id: file, isolation: 'worker' as const })), log, join(dataDir, 'c'));
    const rssPerWorkerMb = (process.memoryUsage().rss - before) / 20 / 1024 / 1024;
    const events = Math.max(100, Math.floor(count / 4));
    const expected = events * 20;
    const all = new Promise<void>((resolve) => (log.waiter = () => log.length >= expected && resolve()));
    const start = performance.now();
    for (let index = 0; index < events; index++) twenty.events.emit('playerChat', { login: 'p', text: `t${index}`, isCommand: false, channel: 'normal' });
    await all;
    const twentyWorkersEventsPerSecond = events / ((performance.now() - start) / 1000);
    await twenty.stop();
    return {
      processP50Ms: percentile(processTimes, 50),
      processP99Ms: percentile(processTimes, 99),
      workerP50Ms: percentile(workerTimes, 50),
      workerP99Ms: percentile(workerTimes, 99),
      twentyWorkersEventsPerSecond,
      rssPerWorkerMb,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function workerIsolationLines(count: number): Promise<string[]> {
  const result = await benchWorkerIsolation(count);
  return [
    `event to handler and its log line back: in process p50 ${format(result.processP50Ms, 3)} ms p99 ${format(result.processP99Ms, 3)} ms; ` +
      `in a worker p50 ${format(result.workerP50Ms, 3)} ms p99 ${format(result.workerP99Ms, 3)} ms`,
    `20 worker apps each handling every event: ${format(result.twentyWorkersEventsPerSecond)} events/s; RSS per worker app ${format(result.rssPerWorkerMb, 1)} MB`,
  ];
}

// `node dist/bench/worker-isolation.js [--quick]` runs this benchmark alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`Node ${process.version}\n${(await workerIsolationLines(process.argv.includes('--quick') ? 500 : 3000)).join('\n')}\n`);
}
