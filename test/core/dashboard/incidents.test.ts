import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, it } from 'node:test';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';
import { DashboardUser } from '../../helpers/dashboard.js';

let core: TestCore | undefined;
afterEach(() => core?.stop());

const faulty = testApp('faulty', {
  init(ctx) {
    ctx.command('boom', () => {
      throw new TypeError(`boom with ${'secret-dsn-password'.length} letters`);
    });
  },
});

async function withIncident(level: number): Promise<{ user: DashboardUser; id: string }> {
  core = await startTestCore({ apps: [faulty], reporting: true, settings: { LOGGING_REPORTING: level, DASHBOARD: { enabled: true, host: '127.0.0.1', port: 0 } } });
  await core.join('pete');
  await core.chat('pete', '/boom');
  await core.waitFor(() => core!.logs.some((line) => /\(incident [0-9a-f]{32}\)$/.test(line.message)), 'the incident line');
  const id = /\(incident ([0-9a-f]{32})\)$/.exec(core.logs.find((line) => /\(incident [0-9a-f]{32}\)$/.test(line.message))!.message)![1]!;
  return { user: await DashboardUser.login(core.runtime.dashboard!.loginLink()), id };
}

it('lists the incidents of the local log, filtered by app, and shows the report exactly as it left for one', async () => {
  const { user, id } = await withIncident(2);
  const list = (await user.get('/api/incidents')).json() as Array<Record<string, unknown>>;
  assert.equal(list.length, 1);
  assert.deepEqual({ ...list[0], time: typeof list[0]!.time }, { id, app: 'faulty', kind: 'error', type: 'TypeError', message: 'boom with 19 letters', time: 'string', event: '/boom' });
  assert.deepEqual((await user.get('/api/incidents?app=records')).json(), []);
  const one = (await user.get(`/api/incidents/${id}`)).json();
  assert.equal(one.report.note, `At LOGGING_REPORTING = 2, incident ${id} of 'faulty' would be written to ${core!.dataDir}/reports (REPORTING_DSN is empty). Nothing was sent.`);
  assert.equal(one.feed, null);
  // The report as written when the error happened (REPORTING_DSN is empty: the local copy is what left).
  await core!.waitFor(() => readdirSync(join(core!.dataDir, 'reports')).length === 1, 'the report copy');
  const written = JSON.parse(readFileSync(join(core!.dataDir, 'reports', readdirSync(join(core!.dataDir, 'reports'))[0]!), 'utf8')) as Record<string, unknown>;
  const shown = JSON.parse(String(one.report.body).split('\n')[2]!) as Record<string, unknown>;
  assert.equal(shown.event_id, written.event_id);
  assert.deepEqual(shown.exception, written.exception);
  assert.deepEqual(shown.tags, written.tags);
  const missing = await user.get(`/api/incidents/${'0'.repeat(32)}`);
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json(), { error: `There is no incident ${'0'.repeat(32)} in the local log.` });
});

it('at level 0 it says that nothing left the machine', async () => {
  const { user, id } = await withIncident(0);
  const one = (await user.get(`/api/incidents/${id}`)).json();
  assert.deepEqual(one.report, { note: 'LOGGING_REPORTING is 0: nothing is reported, nothing leaves this machine.', body: '' });
});

it('the privacy view shows the level, what each level would send, and that analytics are off', async () => {
  const { user } = await withIncident(1);
  const privacy = (await user.get('/api/privacy')).json();
  assert.equal(privacy.level, 1);
  assert.deepEqual(privacy.levels.map((each: { level: number; note: string }) => [each.level, each.note]), [
    [0, 'LOGGING_REPORTING is 0: nothing is reported, nothing leaves this machine.'],
    [1, `At LOGGING_REPORTING = 1, this sample error would be written to ${core!.dataDir}/reports (REPORTING_DSN is empty). Nothing was sent.`],
    [2, `At LOGGING_REPORTING = 2, this sample error would be written to ${core!.dataDir}/reports (REPORTING_DSN is empty). Nothing was sent.`],
    [3, `At LOGGING_REPORTING = 3, this sample error would be written to ${core!.dataDir}/reports (REPORTING_DSN is empty). Nothing was sent.`],
  ]);
  assert.equal(privacy.analytics.on, false);
  assert.equal(privacy.analytics.last, null);
  assert.equal(privacy.analytics.reason, 'ANALYTICS is false in the settings');
  assert.equal(privacy.analytics.preview.event, 'pitwall_ping');
  assert.equal(privacy.analytics.preview.distinct_id, '(none: analytics are off)');
  assert.equal(privacy.analytics.preview.properties.install_id, '(none: analytics are off)');
});
