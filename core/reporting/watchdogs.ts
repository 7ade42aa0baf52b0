import { Worker } from 'node:worker_threads';
import type { Attribution, WarningKind } from '../apps/error-sink.js';
import type { FaultBoundary } from '../apps/fault-boundary.js';
import type { BufferUsage } from '../apps/buffer-usage.js';
import type { Disposable } from '../disposables.js';

const HEARTBEAT_MS = 50;
const HEAP_CHECK_MS = 30_000;
const HEAP_REPORT_EVERY_MS = 3_600_000;

/**
 * Runs in a worker thread, so it keeps time while the main thread is stuck. It watches the heartbeat the
 * main thread bumps; when the beat stops for longer than the threshold it notes which app's code was
 * running, and reports once the main thread is free again (with the full duration).
 */
const WATCHER = `
const { workerData, parentPort } = require('node:worker_threads');
const activity = new Int32Array(workerData.buffer);
let lastBeat = Atomics.load(activity, 0);
let lastChange = Date.now();
let blockedApp = -1;
setInterval(() => {
  const beat = Atomics.load(activity, 0);
  const now = Date.now();
  if (beat !== lastBeat) {
    if (blockedApp >= 0) parentPort.postMessage({ app: blockedApp, ms: now - lastChange });
    blockedApp = -1;
    lastBeat = beat;
    lastChange = now;
  } else if (blockedApp < 0 && now - lastChange >= workerData.thresholdMs) {
    blockedApp = Atomics.load(activity, 1);
  }
}, ${HEARTBEAT_MS / 2});
`;

export type WarningSink = (kind: WarningKind, error: Error, attribution: Attribution) => void;

/** Reports apps that block the event loop longer than `thresholdMs` ("specific message": event_loop_block). */
export function watchEventLoop(boundary: FaultBoundary, thresholdMs: number, warn: WarningSink): Disposable {
  const heartbeat = setInterval(() => Atomics.add(boundary.activity, 0, 1), HEARTBEAT_MS).unref();
  const worker = new Worker(WATCHER, { eval: true, workerData: { buffer: boundary.activity.buffer, thresholdMs } });
  worker.unref();
  worker.on('message', ({ app, ms }: { app: number; ms: number }) => {
    const owner = boundary.appAt(app);
    const error = new Error(`${owner === 'core' ? 'Core code' : `App '${owner}'`} blocked the event loop for ${ms} ms (threshold ${thresholdMs} ms)`);
    error.name = 'EventLoopBlocked';
    warn('event_loop_block', error, { app: owner });
  });
  return {
    async dispose() {
      clearInterval(heartbeat);
      await worker.terminate();
    },
  };
}

/** Reports a heap past `limitMb` ("specific message": heap_growth), at most once an hour. */
export function watchHeap(limitMb: number, warn: WarningSink, checkEveryMs = HEAP_CHECK_MS): Disposable {
  return watchMemory({ heapMb: limitMb }, warn, { checkEveryMs });
}

export interface MemoryLimits {
  heapMb?: number;
  rssMb?: number;
  externalMb?: number;
}

export interface MemoryWatchOptions {
  checkEveryMs?: number;
  reportEveryMs?: number;
  /** Reads the process's memory (tests give made-up figures instead of allocating gigabytes). */
  read?: () => Pick<NodeJS.MemoryUsage, 'heapUsed' | 'rss' | 'external' | 'arrayBuffers'>;
  /** Buffer bytes allocated per app since the last check, to name who grew external memory. */
  buffers?: BufferUsage;
}

const MEASURES = [
  { limit: 'heapMb', setting: 'REPORTING_HEAP_MB', read: 'heapUsed', what: 'The heap holds' },
  { limit: 'rssMb', setting: 'REPORTING_RSS_MB', read: 'rss', what: 'The process uses (RSS)' },
  { limit: 'externalMb', setting: 'REPORTING_EXTERNAL_MB', read: 'external', what: 'Memory outside the JS heap (Buffers) is' },
] as const;

/**
 * Reports memory past a limit ("specific message": heap_growth): the JS heap, the resident size and the
 * external memory Buffers live in, each at most once per `reportEveryMs`. External growth names the app
 * that allocated most Buffer memory since the previous check, when one app did most of it.
 */
export function watchMemory(limits: MemoryLimits, warn: WarningSink, options: MemoryWatchOptions = {}): Disposable {
  const lastReport = new Map<string, number>();
  const read = options.read ?? (() => process.memoryUsage());
  const timer = setInterval(() => {
    const usage = read();
    const allocated = options.buffers?.take();
    for (const measure of MEASURES) {
      const limitMb = limits[measure.limit];
      const usedMb = Math.round(usage[measure.read] / 1024 / 1024);
      if (limitMb === undefined || usedMb <= limitMb || Date.now() - (lastReport.get(measure.limit) ?? -Infinity) < (options.reportEveryMs ?? HEAP_REPORT_EVERY_MS)) continue;
      lastReport.set(measure.limit, Date.now());
      const owner = measure.limit === 'externalMb' && allocated ? mainAllocator(allocated) : undefined;
      const byWhom = owner ? `; app '${owner.app}' allocated ${owner.mb} MB of Buffers since the last check` : '';
      const error = new Error(`${measure.what} ${usedMb} MB, over ${measure.setting} (${limitMb} MB)${byWhom}`);
      error.name = measure.limit === 'heapMb' ? 'HeapGrowth' : 'MemoryGrowth';
      warn('heap_growth', error, { app: owner?.app ?? 'core' });
    }
  }, options.checkEveryMs ?? HEAP_CHECK_MS).unref();
  return { dispose: () => clearInterval(timer) };
}

/** The app that allocated more than half of the Buffer bytes since the last check, if one did. */
function mainAllocator({ total, byApp }: { total: number; byApp: Map<string, number> }): { app: string; mb: number } | undefined {
  for (const [app, bytes] of byApp) if (bytes * 2 > total) return { app, mb: Math.round(bytes / 1024 / 1024) };
  return undefined;
}
