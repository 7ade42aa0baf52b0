import 'reflect-metadata';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { afterEach, describe, it } from 'node:test';
import type { Attribution } from '../../../core/apps/error-sink.js';
import { FaultBoundary } from '../../../core/apps/fault-boundary.js';
import { createLogger } from '../../../core/logging/logger.js';
import { watchEventLoop, type EventLoopWatchdog } from '../../../core/reporting/watchdogs.js';
import { MemoryTransport, testSettings } from '../../helpers/core.js';

/** Keeps the thread busy without yielding, as a handler that never awaits would. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // On purpose: nothing else may run.
  }
}

let watchdog: EventLoopWatchdog | undefined;
// The watchdog's timer and worker do not hold the process open (they must not keep Pitwall alive): this does.
let keepAlive: NodeJS.Timeout | undefined;
afterEach(async () => {
  clearInterval(keepAlive);
  await watchdog?.dispose();
  watchdog = undefined;
});

/** A watchdog with a 200 ms threshold, sampling before the test blocks; resolves with the first block report. */
async function watch(): Promise<{ boundary: FaultBoundary; reported: Promise<{ kind: string; name: string; message: string; attribution: Attribution }> }> {
  const logger = createLogger({ debug: false, console: false, transports: [new MemoryTransport([])] });
  const boundary = new FaultBoundary({ capture: () => undefined }, testSettings({ DATA_DIR: tmpdir() }), logger);
  keepAlive = setInterval(() => undefined, 1000);
  const reported = new Promise<{ kind: string; name: string; message: string; attribution: Attribution }>((resolve) => {
    watchdog = watchEventLoop(boundary, 200, (kind, error, attribution) => resolve({ kind, name: error.name, message: error.message, attribution }));
  });
  await watchdog!.watching;
  return { boundary, reported };
}

describe('event-loop watchdog', () => {
  it('names the app whose code ran longest during the block, not whoever ran when the threshold passed', async () => {
    const { boundary, reported } = await watch();
    // Core holds the thread past the threshold, then an app holds it twice as long, in one block.
    busy(300);
    boundary.run({ app: 'late' }, () => busy(600));
    const report = await reported;
    assert.equal(report.kind, 'event_loop_block');
    assert.equal(report.name, 'EventLoopBlocked');
    assert.deepEqual(report.attribution, { app: 'late' });
    assert.match(report.message, /^App 'late' blocked the event loop for \d+ ms \(threshold 200 ms\)$/);
  });

  it('between two apps in one block, names the one that ran longer, through the event listener wrapper too', async () => {
    const { boundary, reported } = await watch();
    const handler = boundary.listener({ app: 'long' }, () => ({ app: 'long' }), (ms: number) => busy(ms));
    boundary.run({ app: 'short' }, () => busy(250));
    handler(600);
    assert.deepEqual((await reported).attribution, { app: 'long' });
  });

  it('an app that ran first and longest keeps the blame when core runs after it', async () => {
    const { boundary, reported } = await watch();
    boundary.run({ app: 'early' }, () => busy(600));
    busy(300);
    assert.deepEqual((await reported).attribution, { app: 'early' });
  });

  it('reports core code as core', async () => {
    const { reported } = await watch();
    busy(400);
    const report = await reported;
    assert.deepEqual(report.attribution, { app: 'core' });
    assert.match(report.message, /^Core code blocked the event loop for \d+ ms \(threshold 200 ms\)$/);
  });
});
