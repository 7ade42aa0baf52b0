import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../helpers/cli.js';
import { startTestCore, type TestCore } from '../../helpers/core.js';
import { startReportReceiver, type ReportReceiver } from '../../helpers/report-receiver.js';

const FEED_A = fileURLToPath(new URL('../../fixtures/apps/feed-a/index.js', import.meta.url));
const FEED_B = fileURLToPath(new URL('../../fixtures/apps/feed-b/index.js', import.meta.url));

/** Runs `pitwall reporting preview ...` to its end: exit code, what it said (stderr) and the body (stdout). */
async function preview(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; note: string; body: string }> {
  const cli = runCli(['reporting', 'preview', ...args], { PITWALL_APPS: JSON.stringify([FEED_A]), ...env });
  let stderr = '';
  let stdout = '';
  cli.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  cli.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const { code } = await cli.exited;
  await new Promise<void>((resolve) => (cli.child.stdout!.readableEnded ? resolve() : cli.child.stdout!.once('end', () => resolve())));
  return { code, note: stderr, body: stdout };
}

const eventOf = (body: string) => JSON.parse(body.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;

describe('pitwall reporting preview --app below level 3', () => {
  let receiver: ReportReceiver;
  before(async () => (receiver = await startReportReceiver()));
  after(async () => receiver.close());

  it('says the developers receive nothing at levels 1 and 2, and shows the core report that leaves instead', async () => {
    for (const level of [1, 2] as const) {
      const env = { PITWALL_DATA_DIR: mkdtempSync(join(tmpdir(), 'pitwall-preview-')), PITWALL_LOGGING_REPORTING: '3', PITWALL_REPORTING_DSN: receiver.dsn, FEED_A_DSN: receiver.dsn };
      const shown = await preview(['--app', 'feed-a', '--level', String(level), '--sample'], env);
      assert.equal(shown.code, 0, shown.note);
      assert.equal(
        shown.note,
        `At LOGGING_REPORTING = ${level}, app feeds are off (they are sent at level 3 only): the developers of 'feed-a' would receive nothing. ` +
          `Only the core report below leaves for the sample error: it would be sent to 127.0.0.1:${receiver.port}. Nothing was sent.\n`,
      );
      const event = eventOf(shown.body);
      assert.equal((event.tags as Record<string, string>).reporting_level, String(level));
      assert.equal((event.tags as Record<string, string>).app, 'feed-a');
      assert.equal('contexts' in event, level === 2);
    }
    assert.equal(receiver.requests.length, 0);
  });

  it('says that nothing leaves at level 0', async () => {
    const env = { PITWALL_DATA_DIR: mkdtempSync(join(tmpdir(), 'pitwall-preview-')), PITWALL_LOGGING_REPORTING: '3', FEED_A_DSN: receiver.dsn };
    const shown = await preview(['--app', 'feed-a', '--level', '0', '--sample'], env);
    assert.deepEqual(shown, {
      code: 0,
      note:
        "At LOGGING_REPORTING = 0, app feeds are off (they are sent at level 3 only): the developers of 'feed-a' would receive nothing. " +
        'Nothing leaves this machine: the sample error is in the local log only.\n',
      body: '',
    });
  });

  it('follows LOGGING_REPORTING when --level is not given', async () => {
    const env = { PITWALL_DATA_DIR: mkdtempSync(join(tmpdir(), 'pitwall-preview-')), PITWALL_LOGGING_REPORTING: '1', FEED_A_DSN: receiver.dsn };
    const shown = await preview(['--app', 'feed-a', '--sample'], env);
    assert.ok(shown.note.startsWith("At LOGGING_REPORTING = 1, app feeds are off (they are sent at level 3 only): the developers of 'feed-a' would receive nothing."), shown.note);
  });
});

describe('pitwall reporting preview of a real incident', () => {
  let core: TestCore;
  let receiver: ReportReceiver;
  const incidents: string[] = [];
  let env: NodeJS.ProcessEnv;
  const readJson = (folder: string) => readdirSync(folder).map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as Record<string, unknown>);

  before(async () => {
    receiver = await startReportReceiver();
    // feed-a reads its DSN when it is loaded.
    process.env.FEED_A_DSN = receiver.dsn;
    // Level 3 without a core DSN: each report is written to DATA_DIR/reports, and each feed, as sent, to
    // DATA_DIR/feeds/feed-a.ndjson: the exact copies to compare the previews with.
    core = await startTestCore({ reporting: true, apps: [FEED_A], settings: { LOGGING_REPORTING: 3 } });
    env = { PITWALL_DATA_DIR: core.dataDir, PITWALL_LOGGING_REPORTING: '3', FEED_A_DSN: receiver.dsn };
    await core.join('anna', 'Anna');
    const log = join(core.dataDir, 'logs', 'pitwall.log');
    const logged = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line.includes('"incident"')) : []);
    // Two incidents of one app: different messages, so the second is not counted as a repeat of the first.
    await core.chat('anna', 'a');
    await core.waitFor(() => logged().length === 1, 'the first incident in the log file');
    await core.leave('anna');
    await core.join('bert', 'Bert');
    await core.chat('bert', 'a');
    await core.waitFor(() => logged().length === 2, 'the second incident in the log file');
    for (const line of logged()) incidents.push((JSON.parse(line) as { incident: string }).incident);
    await core.waitFor(() => existsSync(join(core.dataDir, 'reports')) && readdirSync(join(core.dataDir, 'reports')).length === 2, 'two reports');
    await core.waitFor(() => receiver.requests.length === 2, 'the two feeds');
  });
  after(async () => {
    await core.stop();
    await receiver.close();
    delete process.env.FEED_A_DSN;
  });

  it('--incident <id> previews the report that incident produced: its id, error, stack and event', async () => {
    const shown = await preview(['--incident', incidents[0]!], env);
    assert.equal(shown.code, 0, shown.note);
    assert.equal(shown.note, `At LOGGING_REPORTING = 3, incident ${incidents[0]} of 'feed-a' would be written to ${core.dataDir}/reports (REPORTING_DSN is empty). Nothing was sent.\n`);
    const real = readJson(join(core.dataDir, 'reports')).find((report) => report.event_id === incidents[0])!;
    assert.ok(real, 'the real report of the first incident');
    const previewed = eventOf(shown.body);
    for (const field of ['event_id', 'level', 'release', 'exception', 'fingerprint', 'tags']) assert.deepEqual(previewed[field], real[field], field);
    const contexts = (report: Record<string, unknown>) => (report.contexts as Record<string, unknown>).event;
    assert.deepEqual(contexts(previewed), contexts(real));
    assert.deepEqual(contexts(previewed), { name: 'playerChat', payload: { login: 'anna', text: 'a', isCommand: false, channel: 'normal' } });
  });

  it("--app <id> previews the app's latest incident exactly as its developers received it", async () => {
    const shown = await preview(['--app', 'feed-a'], env);
    assert.equal(shown.code, 0, shown.note);
    assert.equal(shown.note, `The developers of 'feed-a' would receive this at 127.0.0.1:${receiver.port} for incident ${incidents[1]}. Nothing was sent.\n`);
    const feeds = readFileSync(join(core.dataDir, 'feeds', 'feed-a.ndjson'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const { event_id: _id, timestamp: _time, ...previewed } = eventOf(shown.body);
    const { event_id: _realId, timestamp: _realTime, ...real } = feeds.at(-1)!;
    assert.deepEqual(previewed, real);
    assert.match(JSON.stringify(real), /lap of /);
    assert.equal(receiver.requests.length, 2, 'the preview sent nothing');
  });

  it('names an unknown incident, an app without incidents and an incident of another app', async () => {
    const folder = join(core.dataDir, 'logs');
    assert.deepEqual(await preview(['--incident', 'f00d'], env), {
      code: 1,
      note: `PW_ERR_INCIDENT_UNKNOWN: There is no incident 'f00d' in the local log (${folder}). Fix: copy the id from an "(incident ...)" line of that log, or leave out --incident to preview the app's latest incident.\n`,
      body: '',
    });
    const empty = mkdtempSync(join(tmpdir(), 'pitwall-preview-'));
    assert.deepEqual(await preview(['--app', 'feed-a'], { ...env, PITWALL_DATA_DIR: empty }), {
      code: 1,
      note: `PW_ERR_NO_INCIDENTS: App 'feed-a' has no incident in the local log (${join(empty, 'logs')}): it has logged no error there. Fix: add --sample to preview a sample error instead, or check DATA_DIR (PITWALL_DATA_DIR) names the folder the controller logs to.\n`,
      body: '',
    });
    const both = { ...env, PITWALL_APPS: JSON.stringify([FEED_A, FEED_B]) };
    assert.deepEqual(await preview(['--app', 'feed-b', '--incident', incidents[0]!], both), {
      code: 1,
      note: `PW_ERR_INCIDENT_OTHER_APP: Incident '${incidents[0]}' is an error of 'feed-a', not of 'feed-b': only the developers of 'feed-a' could receive it. Fix: run with --app feed-a, or leave out --app to preview the core report.\n`,
      body: '',
    });
    assert.deepEqual(await preview(['--app', 'nope'], env), { code: 0, note: "There is no loaded app 'nope'. Nothing would be sent to its developers.\n", body: '' });
  });
});
