import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Settings } from '../../../core/config/schema.js';
import { ReportDestinations } from '../../../core/reporting/destinations.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';
import { startReportReceiver, type ReportReceiver } from '../../helpers/report-receiver.js';

const appA = fileURLToPath(new URL('../../fixtures/apps/feed-a/index.js', import.meta.url));
const appB = fileURLToPath(new URL('../../fixtures/apps/feed-b/index.js', import.meta.url));

let coreReceiver: ReportReceiver;
let receiverA: ReportReceiver;
let receiverB: ReportReceiver;
let core: TestCore | undefined;

before(async () => {
  [coreReceiver, receiverA, receiverB] = await Promise.all([startReportReceiver('1'), startReportReceiver('2', 'keyofa'), startReportReceiver('3', 'keyofb')]);
  // The fixture apps read their DSN when first imported.
  process.env.FEED_A_DSN = receiverA.dsn;
  process.env.FEED_B_DSN = receiverB.dsn;
});
after(() => Promise.all([coreReceiver.close(), receiverA.close(), receiverB.close()]));
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function startFeeds(settings: Partial<Settings> = {}): Promise<TestCore> {
  core = await startTestCore({
    reporting: true,
    apps: [appA, appB],
    settings: { LOGGING_REPORTING: 3, REPORTING_DSN: coreReceiver.dsn, ...settings },
  });
  core.sandbox.playerJoin('anna-login', 'Anna Nick');
  await core.waitFor(() => core!.runtime.server.players.size === 1, 'anna');
  return core;
}

const counts = () => [coreReceiver.accepted.length, receiverA.accepted.length, receiverB.accepted.length];
/** Sends everything queued for the core DSN and every feed: a report sent to a wrong place would arrive now. */
const sendAllQueued = () => core!.runtime.container.resolve(ReportDestinations).flush(60_000);

async function chat(text: string, expected: [number, number, number]): Promise<void> {
  core!.sandbox.playerChat('anna-login', text);
  await core!.waitFor(() => counts().every((count, index) => count >= expected[index]!), `reports ${expected.join('/')}, have ${counts().join('/')}`, 60_000);
  await sendAllQueued();
  assert.deepEqual(counts(), expected);
}

type FeedEvent = { exception: { values: { type: string; value: string; stacktrace: { frames: { filename: string; function: string; in_app: boolean }[] } }[] } } & Record<string, unknown>;

describe('level-3 app feeds', () => {
  it('sends each error to the core DSN and only to the feed of the app it is attributed to', async () => {
    const start = counts();
    await startFeeds();
    const at = (core: number, a: number, b: number): [number, number, number] => [start[0]! + core, start[1]! + a, start[2]! + b];
    await chat('a', at(1, 1, 0));
    await chat('b', at(2, 1, 1));
    // feed-a's code throws inside feed-b's handler: the error is feed-b's, and only feed-b hears of it.
    await chat('b-via-a', at(3, 1, 2));
    core!.runtime.exceptionHandler.capture(new Error('core fault'), { app: 'core' });
    await core!.waitFor(() => coreReceiver.accepted.length === start[0]! + 4, 'the core report', 60_000);
    await sendAllQueued();
    assert.deepEqual(counts(), at(4, 1, 2));

    const viaA = receiverB.accepted.at(-1)!.event as FeedEvent;
    const frames = viaA.exception.values.at(-1)!.stacktrace.frames;
    // Named by its source (test/fixtures/apps/feed-b/index.ts), through the map the build emits.
    assert.deepEqual(frames.filter((frame) => frame.in_app).map((frame) => frame.filename), ['index.ts']);
    assert.ok(frames.some((frame) => frame.filename === '<app>' && !frame.in_app), "feed-a's frames are a marker");
    assert.ok(frames.some((frame) => frame.filename === '<core>'));
  });

  it('holds exactly the allow-listed fields, and no player, server, machine or other-app data', async () => {
    await startFeeds({ DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'feed-secret-pw' } });
    const before = receiverA.accepted.length;
    await chat('a', [coreReceiver.accepted.length + 1, before + 1, receiverB.accepted.length]);
    const received = receiverA.accepted.at(-1)!;
    const event = received.event as FeedEvent;
    assert.deepEqual(Object.keys(event).sort(), ['event_id', 'exception', 'fingerprint', 'level', 'platform', 'release', 'tags', 'timestamp']);
    assert.deepEqual(Object.keys(event.tags as object).sort(), ['controller_version', 'event', 'game_mode', 'node_version', 'os_family', 'title_pack']);
    assert.equal(event.release, 'feed-a@1.4.0');
    assert.equal((event.tags as Record<string, string>).event, 'playerChat');
    const value = event.exception.values.at(-1)!;
    assert.equal(value.type, 'RangeError');
    assert.equal(value.value, 'lap of <player> (<player>) on <server> from <ip> is impossible');
    assert.deepEqual(value.stacktrace.frames.filter((frame) => frame.in_app).map((frame) => `${frame.filename}:${frame.function}`), ['index.ts:<anonymous>', 'index.ts:checkLap']);
    for (const forbidden of ['anna-login', 'Anna Nick', 'pitwall-sandbox', 'Pitwall Sandbox', '10.1.2.3', hostname(), 'feed-b', 'feed-secret-pw', 'dist/', '/work', 'vars', 'contexts']) {
      assert.ok(!received.raw.includes(forbidden), `the feed contains ${forbidden}`);
    }
    // The owner's audit copy is exactly what was sent.
    const audit = readFileSync(join(core!.dataDir, 'feeds', 'feed-a.ndjson'), 'utf8').trim().split('\n');
    assert.equal(audit.at(-1), received.raw.trim().split('\n').at(-1));
  });

  for (const [name, settings] of [
    ['REPORTING_FEED_DENY lists the app', { REPORTING_FEED_DENY: ['feed-a'] }],
    ['REPORTING_APP_FEEDS is false', { REPORTING_APP_FEEDS: false }],
    ['the level is 2', { LOGGING_REPORTING: 2 }],
  ] as [string, Partial<Settings>][]) {
    it(`sends no feed when ${name}`, async () => {
      const start = counts();
      await startFeeds(settings);
      await chat('a', [start[0]! + 1, start[1]!, start[2]!]);
      assert.equal(existsSync(join(core!.dataDir, 'feeds')), false);
    });
  }

  it("keeps sending core reports and other feeds while one app's DSN hangs", async () => {
    receiverA.answerNext('hang', 'hang', 'hang');
    const start = counts();
    await startFeeds();
    core!.sandbox.playerChat('anna-login', 'a');
    await core!.waitFor(() => receiverA.requests.length > 0, "the hanging feed's first attempt");
    await chat('b', [start[0]! + 2, start[1]!, start[2]! + 1]);
  });

  it("previews what an app's developers would receive", async () => {
    await startFeeds();
    const preview = core!.runtime.exceptionHandler.previewFeed(new Error('sample'), { app: 'feed-a', appVersion: '1.4.0' }, 'feed-a');
    assert.equal(typeof preview === 'string' ? preview : preview.event.release, 'feed-a@1.4.0');
    assert.equal(core!.runtime.exceptionHandler.previewFeed(new Error('x'), { app: 'nope' }, 'nope'), "There is no loaded app 'nope'.");
  });
});
