import { Worker } from 'node:worker_threads';
import type { Attribution, WarningKind } from '../apps/error-sink.js';
import type { FaultBoundary } from '../apps/fault-boundary.js';
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
  let lastReport = 0;
  const timer = setInterval(() => {
    const usedMb = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
    if (usedMb <= limitMb || Date.now() - lastReport < HEAP_REPORT_EVERY_MS) return;
    lastReport = Date.now();
    const error = new Error(`The heap holds ${usedMb} MB, over REPORTING_HEAP_MB (${limitMb} MB)`);
    error.name = 'HeapGrowth';
    warn('heap_growth', error, { app: 'core' });
  }, checkEveryMs).unref();
  return { dispose: () => clearInterval(timer) };
}
