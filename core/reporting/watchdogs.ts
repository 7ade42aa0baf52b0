import { Worker } from 'node:worker_threads';
import type { Attribution, WarningKind } from '../apps/error-sink.js';
import type { FaultBoundary } from '../apps/fault-boundary.js';
import type { BufferUsage } from '../apps/buffer-usage.js';
import type { Disposable } from '../disposables.js';

const HEARTBEAT_MS = 50;
const SAMPLE_MS = HEARTBEAT_MS / 2;
const HEAP_CHECK_MS = 30_000;
const HEAP_REPORT_EVERY_MS = 3_600_000;

/**
 * Runs in a worker thread, so it keeps time while the main thread is stuck. The main thread writes the time
 * of each heartbeat into activity[0]; the worker samples activity[1] (the app whose code runs now) every
 * tick and adds the time since its previous sample to that app. When the next beat shows a gap of at least
 * the threshold, the block is reported as the app seen running longest during it: one instant would name
 * whoever happened to run then (often core, just before or after the app's long handler). Sampling here
 * keeps the dispatch hot path free of clock reads.
 * Beat times are int32 milliseconds that wrap; differences taken with |0 stay right across the wrap.
 */
const WATCHER = `
const { workerData, parentPort } = require('node:worker_threads');
const activity = new Int32Array(workerData.buffer);
let lastBeat = Atomics.load(activity, 0);
let lastSample = performance.now();
const ran = new Map();
setInterval(() => {
  const now = performance.now();
  const beat = Atomics.load(activity, 0);
  if (beat !== lastBeat) {
    const ms = (beat - lastBeat) | 0;
    if (ms >= workerData.thresholdMs) {
      let app = 0;
      let longest = 0;
      for (const [index, time] of ran) if (time > longest) [app, longest] = [index, time];
      parentPort.postMessage({ app, ms });
    }
    ran.clear();
    lastBeat = beat;
  } else {
    const app = Atomics.load(activity, 1);
    ran.set(app, (ran.get(app) ?? 0) + now - lastSample);
  }
  lastSample = now;
}, ${SAMPLE_MS});
parentPort.postMessage('watching');
`;

export type WarningSink = (kind: WarningKind, error: Error, attribution: Attribution) => void;

export interface EventLoopWatchdog extends Disposable {
  /** Resolves once the worker samples, so a block from then on is seen from its start. */
  readonly watching: Promise<void>;
}

/** Reports apps that block the event loop longer than `thresholdMs` ("specific message": event_loop_block). */
export function watchEventLoop(boundary: FaultBoundary, thresholdMs: number, warn: WarningSink): EventLoopWatchdog {
  const beat = (): void => void Atomics.store(boundary.activity, 0, Math.round(performance.now()));
  beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS).unref();
  const worker = new Worker(WATCHER, { eval: true, workerData: { buffer: boundary.activity.buffer, thresholdMs } });
  worker.unref();
  let started: () => void = () => {};
  const watching = new Promise<void>((resolve) => (started = resolve));
  worker.on('message', (message: 'watching' | { app: number; ms: number }) => {
    if (message === 'watching') return started();
    const owner = boundary.appAt(message.app);
    const error = new Error(`${owner === 'core' ? 'Core code' : `App '${owner}'`} blocked the event loop for ${message.ms} ms (threshold ${thresholdMs} ms)`);
    error.name = 'EventLoopBlocked';
    warn('event_loop_block', error, { app: owner });
  });
  return {
    watching,
    async dispose() {
      clearInterval(heartbeat);
      await worker.terminate();
    },
  };
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
