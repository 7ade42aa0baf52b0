import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { jitterFor } from '../../../core/analytics/job.js';
import { PingSender } from '../../../core/analytics/ping.js';
import { createLogger } from '../../../core/logging/logger.js';
import { PITWALL_VERSION } from '../../../core/version.js';
import { MemoryTransport, startTestCore, testApp, testSettings, type LogEntry, type TestCore } from '../../helpers/core.js';
import { startHttpReceiver, type HttpReceiver } from '../../helpers/http-receiver.js';
import { startReportReceiver } from '../../helpers/report-receiver.js';

const fixedNow = new Date('2026-11-25T12:00:00.000Z');
let receiver: HttpReceiver;
let core: TestCore | undefined;
beforeEach(async () => (receiver = await startHttpReceiver()));
afterEach(async () => {
  await core?.stop();
  core = undefined;
  await receiver.close();
});

async function analyticsCore(overrides: Parameters<typeof startTestCore>[0] = {}): Promise<TestCore> {
  return startTestCore({
    allowFailedApps: true,
    apps: [testApp('good', { version: '1.2.3' }), testApp('broken', { init: () => { throw new Error('no'); } })],
    analytics: { clock: () => fixedNow },
    ...overrides,
    settings: { ANALYTICS: true, ANALYTICS_URL: `${receiver.origin}/i/v0/e/`, ANALYTICS_KEY: 'phc_project_key', ...overrides.settings },
  });
}

const body = (index: number) => JSON.parse(receiver.requests[index]!.raw) as { properties: Record<string, unknown> } & Record<string, unknown>;

describe('the analytics ping', () => {
  it('sends exactly the documented fields, read from live state', async () => {
    core = await analyticsCore();
    assert.equal(await core.runtime.analytics!.tick(), 'sent');
    const installId = readFileSync(join(core.dataDir, 'analytics', 'install-id'), 'utf8').trim();
    assert.match(installId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const first = body(0);
    assert.deepEqual({ ...first, properties: { ...first.properties, uptime_seconds: 'n' } }, {
      api_key: 'phc_project_key',
      event: 'pitwall_ping',
      distinct_id: installId,
      timestamp: '2026-11-25T12:00:00.000Z',
      properties: {
        schema_version: 1,
        install_id: installId,
        controller_version: PITWALL_VERSION,
        node_version: process.version,
        os_platform: platform(),
        os_release: release(),
        os_arch: arch(),
        server_name: 'Pitwall Sandbox',
        server_version: '3.3.0',
        server_build: '2026-11-01_12_00',
        server_login: 'pitwall-sandbox',
        title_pack: 'Trackmania',
        game_mode: 'Trackmania/TM_TimeAttack_Online.Script.txt',
        active_apps: [{ id: 'good', version: '1.2.3' }],
        players_total: 0,
        spectators: 0,
        uptime_seconds: 'n',
      },
    });
    assert.equal(receiver.requests[0]!.url, '/i/v0/e/');
    core.sandbox.playerJoin('anna');
    core.sandbox.playerJoin('ben', 'Ben', true);
    await core.waitFor(() => core!.runtime.server.players.size === 2, 'two players');
    await core.runtime.analytics!.tick();
    assert.deepEqual([body(1).properties.players_total, body(1).properties.spectators], [2, 1]);
  });

  it('leaves an app out of active_apps once it has failed', async () => {
    core = await analyticsCore({
      settings: { APP_ERROR_BUDGET: { count: 1, seconds: 60 } },
      apps: [testApp('fragile', { init: (ctx) => void ctx.on('playerChat', () => { throw new Error('x'); }) }), testApp('steady')],
    });
    await core.runtime.analytics!.tick();
    assert.deepEqual(body(0).properties.active_apps, [{ id: 'fragile', version: '1.0.0' }, { id: 'steady', version: '1.0.0' }]);
    core.sandbox.playerJoin('anna');
    core.sandbox.playerChat('anna', 'a');
    core.sandbox.playerChat('anna', 'b');
    await core.waitFor(() => core!.state('fragile') === 'FAILED', 'fragile to fail');
    await core.runtime.analytics!.tick();
    assert.deepEqual(body(1).properties.active_apps, [{ id: 'steady', version: '1.0.0' }]);
  });

  it('previews exactly what it then sends', async () => {
    core = await analyticsCore();
    const preview = JSON.stringify(core.runtime.analytics!.preview());
    await core.runtime.analytics!.tick();
    const sent = receiver.requests[0]!.raw;
    const withoutUptime = (json: string) => json.replace(/"uptime_seconds":\d+/, '"uptime_seconds":0');
    assert.equal(withoutUptime(sent), withoutUptime(preview));
  });

  it('sends a first ping shortly after start', async () => {
    core = await analyticsCore({ analytics: { firstPingDelayMs: 20, clock: () => fixedNow } });
    await receiver.waitForRequests(1);
  });

  it('never overlaps: a tick while the last ping hangs is skipped', async () => {
    receiver.answerNext('hang');
    core = await analyticsCore();
    const first = core.runtime.analytics!.tick();
    await receiver.waitForRequests(1);
    assert.equal(await core.runtime.analytics!.tick(), 'skipped');
    assert.equal(receiver.requests.length, 1);
    void first;
  });

  it('writes the ping to DATA_DIR/analytics when ANALYTICS_URL is empty', async () => {
    core = await analyticsCore({ settings: { ANALYTICS_URL: '' } });
    assert.equal(await core.runtime.analytics!.tick(), 'written');
    const status = JSON.parse(readFileSync(join(core.dataDir, 'analytics', 'status.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(status, { at: '2026-11-25T12:00:00.000Z', result: 'written' });
    assert.equal(receiver.requests.length, 0);
    assert.ok(
      core.logs.some(
        (entry) =>
          entry.message ===
          `Analytics are on: a ping on '0 0 * * * *' is written to ${core!.dataDir}/analytics (ANALYTICS_URL is empty); it identifies the server, never a player (it carries the server login, the server name and the OS release, and no player login or nickname); docs/privacy.md lists every field, ANALYTICS = false turns it off`,
      ),
    );
  });
});

describe('off means zero', () => {
  const offPaths: [string, Parameters<typeof startTestCore>[0], string][] = [
    ['ANALYTICS = false', { settings: { ANALYTICS: false } }, 'ANALYTICS is false in the settings'],
    ['DO_NOT_TRACK=1', { env: { DO_NOT_TRACK: '1' } }, 'DO_NOT_TRACK=1 is set in the environment'],
  ];
  for (const [name, options, reason] of offPaths) {
    it(`${name}: no job, no request, no analytics file, and the log says why`, async () => {
      const reports = await startReportReceiver();
      core = await analyticsCore({
        ...options,
        reporting: true,
        analytics: { firstPingDelayMs: 10, clock: () => fixedNow },
        settings: { ...options!.settings, LOGGING_REPORTING: 1, REPORTING_DSN: reports.dsn },
        apps: [testApp('broken', { init: (ctx) => void ctx.on('playerChat', () => { throw new Error('still reported'); }) })],
      });
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(receiver.requests.length, 0);
      assert.equal(existsSync(join(core.dataDir, 'analytics')), false);
      assert.ok(core.logs.some((entry) => entry.message === `Analytics are off: ${reason}. Nothing is sent or written for analytics.`));
      // Error reporting does not depend on analytics.
      core.sandbox.playerJoin('anna');
      core.sandbox.playerChat('anna', 'x');
      await reports.waitForAccepted(1);
      await reports.close();
    });
  }

  it('PITWALL_ANALYTICS=false in the environment turns it off through the settings', async () => {
    const { loadSettings } = await import('../../../core/config/loader.js');
    const { baseSettings } = await import('../../helpers/core.js');
    const settings = await loadSettings({ base: baseSettings(), env: { PITWALL_ANALYTICS: 'false' } });
    assert.equal(settings.ANALYTICS, false);
  });

  it('turning reporting off leaves analytics on', async () => {
    core = await analyticsCore({ settings: { LOGGING_REPORTING: 0 } });
    assert.equal(await core.runtime.analytics!.tick(), 'sent');
  });
});

describe('schedule and delivery', () => {
  it('spreads installs over the period with a stable per-install delay, under 90 % of the period', () => {
    const hour = 3_600_000;
    const delays = Array.from({ length: 500 }, (_, index) => jitterFor(`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, hour));
    assert.ok(delays.every((delay) => delay >= 0 && delay < 55 * 60_000));
    assert.ok(new Set(delays.map((delay) => Math.floor(delay / 60_000))).size > 40, 'spread over many minutes');
    assert.equal(jitterFor('same-id', hour), jitterFor('same-id', hour));
    assert.ok(jitterFor('some-id', 60_000) < 54_000);
  });

  it('retries once, honours 429 Retry-After, and logs a failure once per outage', async () => {
    const logs: LogEntry[] = [];
    const settings = testSettings({ DATA_DIR: (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'pitwall-ping-')), ANALYTICS: true, ANALYTICS_URL: `${receiver.origin}/capture/` });
    const sender = new PingSender(settings, createLogger({ debug: false, console: false, transports: [new MemoryTransport(logs)] }), { retryDelayMs: 10, timeoutMs: 1000 });
    const ping = { api_key: '', event: 'pitwall_ping' as const, distinct_id: 'x', properties: {}, timestamp: fixedNow.toISOString() };
    receiver.answerNext({ status: 500 });
    assert.equal(await sender.send(ping, 0), 'sent');
    assert.equal(receiver.requests.length, 2);
    receiver.answerNext({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    assert.equal(await sender.send(ping, 1), 'failed');
    assert.equal(await sender.send(ping, 2), 'failed');
    assert.equal(logs.filter((entry) => entry.message.startsWith('Analytics ping to ')).length, 1);
    assert.equal(logs.find((entry) => entry.message.startsWith('Analytics ping to '))?.message, `Analytics ping to 127.0.0.1:${receiver.port} failed (HTTP 503); later pings will try again`);
    receiver.answerNext({ status: 429, headers: { 'retry-after': '60' } });
    assert.equal(await sender.send(ping, 10_000), 'rate-limited');
    const before = receiver.requests.length;
    assert.equal(await sender.send(ping, 30_000), 'rate-limited');
    assert.equal(receiver.requests.length, before, 'no request before Retry-After has passed');
    assert.equal(await sender.send(ping, 71_000), 'sent');
  });

  it('honours a 429 Retry-After given as an HTTP-date, as well as in seconds', async () => {
    const settings = testSettings({ DATA_DIR: (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'pitwall-ping-')), ANALYTICS: true, ANALYTICS_URL: `${receiver.origin}/capture/` });
    const sender = new PingSender(settings, createLogger({ debug: false, console: false, transports: [new MemoryTransport([])] }), { retryDelayMs: 10, timeoutMs: 1000 });
    const ping = { api_key: '', event: 'pitwall_ping' as const, distinct_id: 'x', properties: {}, timestamp: fixedNow.toISOString() };
    const now = fixedNow.getTime();
    receiver.answerNext({ status: 429, headers: { 'retry-after': 'Wed, 25 Nov 2026 12:02:00 GMT' } });
    assert.equal(await sender.send(ping, now), 'rate-limited');
    assert.equal(sender.lastStatus()?.detail, 'HTTP 429, paused until 2026-11-25T12:02:00.000Z');
    const before = receiver.requests.length;
    assert.equal(await sender.send(ping, now + 119_000), 'rate-limited');
    assert.equal(receiver.requests.length, before, 'no request before the date has passed');
    assert.equal(await sender.send(ping, now + 120_000), 'sent');
  });
});
