import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Settings } from '../../../core/config/schema.js';
import { createLogger } from '../../../core/logging/logger.js';
import type { ExceptionHandler } from '../../../core/reporting/exception-handler.js';
import { serializeEnvelope } from '../../../core/reporting/envelope.js';
import { Outbox } from '../../../core/reporting/outbox.js';
import { ReportRate } from '../../../core/reporting/report-rate.js';
import { RepeatWindow } from '../../../core/reporting/storm.js';
import { MemoryTransport, testSettings, waitFor, type LogEntry } from '../../helpers/core.js';
import { startReportReceiver, type ReportReceiver } from '../../helpers/report-receiver.js';
import { startReportingAlone, type StartedReporting } from '../../helpers/reporting.js';

let receiver: ReportReceiver;
let started: StartedReporting[] = [];
let dataDir: string;
beforeEach(async () => {
  receiver = await startReportReceiver();
  dataDir = mkdtempSync(join(tmpdir(), 'pitwall-delivery-'));
});
afterEach(async () => {
  for (const reporting of started) await reporting.stop();
  started = [];
  await receiver.close();
});

function handlerFor(overrides: Partial<Settings> = {}, logs: string[] = []): ExceptionHandler {
  const settings = testSettings({ DATA_DIR: dataDir, LOGGING_REPORTING: 1, REPORTING_DSN: receiver.dsn, ...overrides });
  const entries: LogEntry[] = [];
  const logger = createLogger({ debug: false, console: false, transports: [new MemoryTransport(entries)] });
  logger.on('data', (info: { message: string }) => logs.push(info.message));
  const reporting = startReportingAlone(settings, logger, { sendTimeoutMs: 5000, backoffInitialMs: 30 });
  started.push(reporting);
  return reporting.handler;
}

/** Distinct apps give distinct repeat keys, so each error is a new incident and is reported. */
const report = (handler: ExceptionHandler, index: number) => handler.capture(new Error(`failure ${index}`), { app: `app${index}` });
const outboxFiles = () => readdirSync(join(dataDir, 'outbox', 'core'));
const ids = (list: { event: Record<string, unknown> }[]) => list.map((entry) => entry.event.event_id);

describe('durable delivery', () => {
  it('keeps reports on disk while the receiver fails, then sends each exactly once', async () => {
    receiver.answerNext({ status: 503 }, { status: 500 }, { status: 502 });
    const handler = handlerFor();
    for (let index = 0; index < 3; index++) report(handler, index);
    await waitFor(() => receiver.requests.length >= 3, 'three failed attempts');
    await receiver.waitForAccepted(3);
    await waitFor(() => outboxFiles().length === 0, 'an empty outbox');
    assert.equal(new Set(ids(receiver.accepted)).size, 3);
    assert.equal(receiver.accepted.length, 3);
  });

  it('sends what a killed process left in the outbox when it starts again', async () => {
    receiver.answerNext('hang');
    const script = fileURLToPath(new URL('../../fixtures/report-then-die.js', import.meta.url));
    const child = spawn(process.execPath, [script, dataDir, receiver.dsn], { stdio: ['ignore', 'pipe', 'inherit'] });
    // The child starts a whole reporting pipeline: on a loaded machine that takes a while.
    await receiver.waitForRequests(1);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(outboxFiles().length, 1);
    handlerFor();
    await receiver.waitForAccepted(1);
    assert.equal(receiver.accepted[0]!.event.event_id, receiver.requests[0]!.event.event_id);
    // The file goes once the answer has been read, a moment after the receiver has stored the envelope.
    await waitFor(() => outboxFiles().length === 0, 'the delivered envelope to leave the outbox', 60_000);
  });

  it('sets aside stored files that are not envelopes, one log line each, and keeps the queue moving', async () => {
    const folder = join(dataDir, 'outbox', 'core');
    const rejected = join(dataDir, 'outbox', 'rejected');
    mkdirSync(folder, { recursive: true });
    const now = Date.now();
    const name = (order: number, letter: string) => `${String(now - 10 + order).padStart(15, '0')}-${letter.repeat(32)}.envelope`;
    writeFileSync(join(folder, name(1, 'a')), serializeEnvelope({ event_id: 'a'.repeat(32) }, JSON.stringify({ event_id: 'a'.repeat(32), level: 'error' })));
    writeFileSync(join(folder, name(2, 'b')), 'garbage\n');
    writeFileSync(join(folder, name(3, 'c')), '');
    writeFileSync(join(folder, name(4, 'd')), '');
    truncateSync(join(folder, name(4, 'd')), 40 * 1024 * 1024);
    mkdirSync(join(folder, name(5, 'e')));
    const logs: string[] = [];
    const handler = handlerFor({}, logs);
    report(handler, 1);
    await receiver.waitForAccepted(2);
    await started[0]!.destinations.flush(2000);
    assert.equal(receiver.requests.length, 2, 'only the two envelopes were sent');
    assert.equal(receiver.accepted[0]!.event.event_id, 'a'.repeat(32));
    assert.deepEqual(outboxFiles(), []);
    assert.deepEqual(readdirSync(rejected).sort(), [2, 3, 4, 5].map((order) => `core-${name(order, 'bcde'[order - 2]!)}`));
    const moved = (order: number) => `Queued report ${name(order, 'bcde'[order - 2]!)} is not sent and was moved to ${join(rejected, `core-${name(order, 'bcde'[order - 2]!)}`)}`;
    assert.deepEqual(logs.filter((line) => line.startsWith('Queued report')), [
      `${moved(4)}: it is 41943040 bytes, over the 1048576-byte limit for one report`,
      `${moved(5)}: it is not a file`,
      `${moved(2)}: it is not a Sentry envelope (a line is not JSON)`,
      `${moved(3)}: it is empty`,
    ]);
  });

  it('sends a report queued while the queue is finishing a round', async () => {
    // The old envelope is dropped in the round the start begins; the new report arrives before that round ends.
    const folder = join(dataDir, 'outbox', 'core');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `000000000000001-${'a'.repeat(32)}.envelope`), serializeEnvelope({ event_id: 'a'.repeat(32) }));
    report(handlerFor(), 1);
    await receiver.waitForAccepted(1);
    assert.equal(receiver.accepted.length, 1);
  });

  it('building the pipeline touches nothing; start opens the outbox and sends what an earlier run left', async () => {
    const { container: root } = await import('tsyringe');
    const { Settings: SettingsToken } = await import('../../../core/config/schema.js');
    const { Logger } = await import('../../../core/logging/logger.js');
    const { Redactor } = await import('../../../core/reporting/redact.js');
    const { registerReporting, startReporting } = await import('../../../core/reporting/compose.js');
    const { ExceptionHandler: Handler } = await import('../../../core/reporting/exception-handler.js');
    const folder = join(dataDir, 'outbox', 'core');
    const container = root.createChildContainer();
    container.register(SettingsToken, { useValue: testSettings({ DATA_DIR: dataDir, LOGGING_REPORTING: 2, REPORTING_DSN: receiver.dsn }) });
    container.register(Logger, { useValue: createLogger({ debug: false, console: false, transports: [new MemoryTransport([])] }) });
    container.register(Redactor, { useValue: new Redactor() });
    registerReporting(container, { server: () => undefined, apps: () => undefined });
    container.resolve(Handler);
    assert.equal(readdirSync(dataDir).length, 0, 'nothing written by building it');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${String(Date.now()).padStart(15, '0')}-${'f'.repeat(32)}.envelope`), serializeEnvelope({ event_id: 'f'.repeat(32) }));
    const reporting = startReporting(container);
    started.push({ ...reporting, destinations: undefined as never, stop: (ms = 0) => reporting.stop(ms) });
    await receiver.waitForAccepted(1);
    assert.equal(receiver.accepted[0]!.event.event_id, 'f'.repeat(32));
  });

  it('sends nothing while a 429 Retry-After lasts', async () => {
    receiver.answerNext({ status: 429, headers: { 'retry-after': '1' } });
    const handler = handlerFor();
    report(handler, 1);
    report(handler, 2);
    await receiver.waitForAccepted(2);
    assert.equal(receiver.requests.length, 3);
    const gap = timeOf(receiver.requests[1]!) - timeOf(receiver.requests[0]!);
    assert.ok(gap >= 900, `retried after ${gap} ms`);
  });

  it('honours X-Sentry-Rate-Limits for the error category only', async () => {
    receiver.answerNext({ status: 200, headers: { 'x-sentry-rate-limits': '60:transaction:organization' } }, { status: 429, headers: { 'x-sentry-rate-limits': '1:error;default:organization:quota' } });
    const handler = handlerFor();
    report(handler, 1);
    await receiver.waitForAccepted(1);
    report(handler, 2);
    await receiver.waitForAccepted(2);
    assert.ok(timeOf(receiver.requests[2]!) - timeOf(receiver.requests[1]!) >= 900);
  });

  it('drops a 413 and other 4xx answers without retrying, and says so in the log', async () => {
    receiver.answerNext({ status: 413 }, { status: 400 });
    const logs: string[] = [];
    const handler = handlerFor({}, logs);
    report(handler, 1);
    await receiver.waitForRequests(1);
    report(handler, 2);
    await waitFor(() => logs.filter((line) => line.includes('dropped')).length === 2, 'two drops', 60_000);
    assert.deepEqual(outboxFiles(), []);
    // The queue sends oldest first and a retry holds it: a third report sent means nothing was retried before it.
    report(handler, 3);
    await receiver.waitForAccepted(1);
    assert.equal(receiver.requests.length, 3, 'one attempt each for the two refused, then the third');
    assert.equal(receiver.accepted[0], receiver.requests[2]);
    const origin = `http://127.0.0.1:${receiver.port}`;
    assert.ok(logs.some((line) => /^Report [0-9a-f]{32} dropped: /.test(line) && line.endsWith(`${origin} refused it as too large (413)`)));
    assert.ok(logs.some((line) => line.endsWith(`${origin} refused it with HTTP 400; check REPORTING_DSN`)));
  });

  it('sends with the auth header and to the envelope endpoint of the DSN', async () => {
    report(handlerFor(), 1);
    await receiver.waitForAccepted(1);
    assert.equal(receiver.accepted[0]!.url, '/api/7/envelope/');
    assert.match(receiver.accepted[0]!.auth ?? '', /^Sentry sentry_version=7, sentry_key=publickey123, sentry_client=pitwall\/\d+\.\d+\.\d+$/);
  });
});

describe('bounds', () => {
  it('keeps at most the configured number of envelopes, dropping the oldest and counting them', () => {
    const drops: number[] = [];
    const outbox = new Outbox(join(dataDir, 'bounded'), { maxFiles: 3, maxBytes: 1_000_000 }, (count) => drops.push(count));
    for (let index = 0; index < 5; index++) outbox.add(`${index}`.padStart(32, 'a'), `envelope ${index}`);
    assert.deepEqual(outbox.list().map((item) => outbox.read(item)), ['envelope 2', 'envelope 3', 'envelope 4']);
    assert.deepEqual(drops, [1, 1]);
    const reopened = new Outbox(join(dataDir, 'bounded'), { maxFiles: 3, maxBytes: 1_000_000 });
    assert.equal(reopened.size, 3);
  });

  it('counts repeats of one key in a window, summarises them, and carries the count to the next incident', () => {
    const window = new RepeatWindow(60_000);
    const start = 1_000_000;
    assert.deepEqual(window.see('a', 'i1', 'first a', start), { first: true, incident: 'i1', repeated: 0 });
    for (let index = 1; index < 100; index++) assert.deepEqual(window.see('a', 'unused', 'again', start + index), { first: false, incident: 'i1' });
    assert.deepEqual(window.see('b', 'i2', 'first b', start + 1000), { first: true, incident: 'i2', repeated: 0 });
    assert.deepEqual(window.takeSummaries(start + 30_000), [], 'no window has ended yet');
    assert.deepEqual(window.takeSummaries(start + 60_000), [{ incident: 'i1', count: 99, seconds: 60, what: 'first a' }]);
    window.see('a', 'unused', 'again', start + 59_999);
    assert.deepEqual(window.see('a', 'i3', 'first a', start + 60_000), {
      first: true,
      incident: 'i3',
      repeated: 100,
      summary: { incident: 'i1', count: 1, seconds: 60, what: 'first a' },
    });
    assert.deepEqual(window.takeSummaries(start + 60_001, true), [], 'nothing left to summarise');
  });

  it('caps reports per minute and counts what it held back', () => {
    const rate = new ReportRate(2);
    const start = 1_000_000;
    assert.deepEqual([rate.admit(start), rate.admit(start + 1), rate.admit(start + 2)], [true, true, false]);
    assert.equal(rate.takeDropped(), 1);
    assert.equal(rate.admit(start + 30_002), true, 'half a minute refills one');
  });

  it('tracks a bounded number of keys, summarising the repeats of those it forgets', () => {
    const window = new RepeatWindow(60_000, 100);
    window.see('f0', 'i0', 'zero', 0);
    window.see('f0', 'unused', 'zero', 1);
    for (let index = 1; index < 10_000; index++) window.see(`f${index}`, `i${index}`, 'x', index);
    assert.equal(window.trackedKeys, 100);
    assert.deepEqual(window.takeSummaries(10_000), [{ incident: 'i0', count: 1, seconds: 0, what: 'zero' }]);
  });
});

function timeOf(received: { at: number }): number {
  return received.at;
}
