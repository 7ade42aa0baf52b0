import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MASK } from '../../../core/reporting/redact.js';
import { PITWALL_VERSION } from '../../../core/version.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';
import { startReportReceiver, type ReportReceiver } from '../../helpers/report-receiver.js';

const failing = testApp('faulty', {
  version: '2.1.0',
  init(ctx) {
    ctx.on('playerChat', ({ text }) => {
      if (text === 'break') throw new TypeError('handler broke on purpose');
    });
  },
});

async function reportAt(level: 0 | 1 | 2 | 3, receiver: ReportReceiver): Promise<{ core: TestCore; event?: Record<string, unknown> }> {
  const before = receiver.accepted.length;
  const core = await startTestCore({ reporting: true, apps: [failing], settings: { LOGGING_REPORTING: level, REPORTING_DSN: receiver.dsn } });
  core.sandbox.playerJoin('anna', 'Anna');
  core.sandbox.playerChat('anna', 'break');
  await core.waitFor(() => core.errors.length === 1, 'the error');
  if (level === 0) return { core };
  await receiver.waitForAccepted(before + 1);
  return { core, event: receiver.accepted[before]!.event };
}

describe('what each LOGGING_REPORTING level sends', () => {
  let receiver: ReportReceiver;
  before(async () => (receiver = await startReportReceiver()));
  after(() => receiver.close());

  it('level 0 sends nothing and queues nothing; the local log still has the error and an incident id', async () => {
    const { core } = await reportAt(0, receiver);
    // Stopping flushes whatever reporting queued: anything it was going to send has been sent by then.
    await core.runtime.stop();
    assert.equal(receiver.requests.length, 0);
    assert.equal(existsSync(join(core.dataDir, 'outbox')), false);
    assert.equal(existsSync(join(core.dataDir, 'reports')), false);
    const line = core.logs.find((entry) => entry.level === 'error');
    assert.match(line?.message ?? '', /^Error in faulty while handling playerChat: handler broke on purpose \(incident [0-9a-f]{32}\)$/);
    await core.stop();
  });

  it('level 1 sends the error, its trace, versions and the incident id, and nothing about the server', async () => {
    const { core, event } = await reportAt(1, receiver);
    assert.deepEqual(Object.keys(event!).sort(), ['event_id', 'exception', 'fingerprint', 'level', 'platform', 'release', 'tags', 'timestamp']);
    assert.deepEqual(event!.tags, { app: 'faulty', app_version: '2.1.0', reporting_level: '1', kind: 'error' });
    assert.equal(event!.release, `pitwall@${PITWALL_VERSION}`);
    const [exception] = (event!.exception as { values: { type: string; value: string; stacktrace: { frames: { filename: string; in_app: boolean }[] } }[] }).values;
    assert.equal(exception!.type, 'TypeError');
    assert.equal(exception!.value, 'handler broke on purpose');
    const frames = exception!.stacktrace.frames;
    // The source file, through the map the build emits, not dist/test/core/reporting/levels.test.js.
    assert.ok(frames.some((frame) => frame.in_app && frame.filename === 'test/core/reporting/levels.test.ts'));
    assert.ok(frames.every((frame) => !frame.filename.startsWith('/')), 'no absolute paths');
    const incident = core.logs.find((entry) => entry.level === 'error')?.message ?? '';
    assert.ok(incident.includes(`(incident ${String(event!.event_id)})`), 'the log names the incident id that was sent');
    await core.stop();
  });

  for (const level of [2, 3] as const) {
    it(`level ${level} adds server data, the dedicated config (masked) and the event being handled`, async () => {
      const { core, event } = await reportAt(level, receiver);
      assert.deepEqual(Object.keys(event!).sort(), ['contexts', 'event_id', 'exception', 'fingerprint', 'level', 'platform', 'release', 'tags', 'timestamp']);
      const contexts = event!.contexts as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(contexts).sort(), ['dedicated_config', 'event', 'map', 'os', 'runtime', 'server']);
      assert.deepEqual(contexts.server, {
        login: 'pitwall-sandbox',
        name: 'Pitwall Sandbox',
        version: '3.3.0',
        build: '2026-11-01_12_00',
        title_id: 'Trackmania',
        mode_script: 'Trackmania/TM_TimeAttack_Online.Script.txt',
        api_version: '2023-03-25',
        status: 'Running - Play',
      });
      assert.deepEqual(contexts.map, { name: 'Sandbox Sprint', uid: 'SandboxMap01uid_______', file: 'Campaigns/Sandbox/Sandbox_Sprint.Map.Gbx', environment: 'Stadium' });
      assert.deepEqual(contexts.dedicated_config, { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: MASK, sandbox: true });
      assert.deepEqual(contexts.event, { name: 'playerChat', payload: { login: 'anna', text: 'break', isCommand: false, channel: 'normal' } });
      assert.deepEqual(contexts.runtime, { name: 'node', version: process.version });
      assert.equal((event!.tags as Record<string, string>).reporting_level, String(level));
      await core.stop();
    });
  }

  it('with no REPORTING_DSN, writes what would be sent to DATA_DIR/reports and sends nothing', async () => {
    const core = await startTestCore({ reporting: true, apps: [failing], settings: { LOGGING_REPORTING: 2, REPORTING_DSN: '' } });
    const requestsBefore = receiver.requests.length;
    core.sandbox.playerJoin('anna');
    core.sandbox.playerChat('anna', 'break');
    const folder = join(core.dataDir, 'reports');
    await core.waitFor(() => existsSync(folder) && readdirSync(folder).length === 1, 'a local report');
    const report = JSON.parse(readFileSync(join(folder, readdirSync(folder)[0]!), 'utf8')) as Record<string, unknown>;
    assert.equal((report.tags as Record<string, string>).app, 'faulty');
    assert.ok(report.contexts);
    assert.equal(receiver.requests.length, requestsBefore);
    await core.stop();
  });
});
