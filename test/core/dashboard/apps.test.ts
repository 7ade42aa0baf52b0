import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';
import { DashboardUser } from '../../helpers/dashboard.js';
import welcome from '../../../apps/welcome/index.js';

let core: TestCore;
let starts = 0;

beforeEach(async () => {
  starts = 0;
  const counter = testApp('counter', { start: () => void starts++, settings: { token: { type: 'string', default: 'hunter2-secret', secret: true } } });
  const faulty = testApp('faulty', {
    init(ctx) {
      ctx.command('boom', () => {
        throw new Error('boom');
      });
    },
  });
  core = await startTestCore({ apps: ['welcome', counter, faulty], settings: { ADMINS: ['boss'], DASHBOARD: { enabled: true, host: '127.0.0.1', port: 0 } } });
});
afterEach(() => core.stop());

const owner = (): Promise<DashboardUser> => DashboardUser.login(core.runtime.dashboard!.loginLink());

it('lists each app with its state, version, error budget used and settings; a secret setting is masked', async () => {
  await core.join('pete');
  await core.chat('pete', '/boom');
  await core.waitFor(() => core.errors.length === 1, 'the error of /boom');
  const apps = (await (await owner()).get('/api/apps')).json() as Array<Record<string, unknown>>;
  const budget = { count: core.settings.APP_ERROR_BUDGET.count, seconds: core.settings.APP_ERROR_BUDGET.seconds };
  assert.deepEqual(apps, [
    {
      id: 'welcome',
      version: '1.0.0',
      state: 'RUNNING',
      errorBudget: { used: 0, ...budget },
      settings: [
        // The descriptions are the app's own, as declared.
        { key: 'message', type: 'string', description: welcome.settings!.message!.description, value: '"Welcome to {server}, {nickname}!"' },
        { key: 'privately', type: 'boolean', description: welcome.settings!.privately!.description, value: 'false' },
      ],
    },
    { id: 'counter', version: '1.0.0', state: 'RUNNING', errorBudget: { used: 0, ...budget }, settings: [{ key: 'token', type: 'string', description: '', value: '********' }] },
    { id: 'faulty', version: '1.0.0', state: 'RUNNING', errorBudget: { used: 1, ...budget }, settings: [] },
  ]);
  assert.doesNotMatch(JSON.stringify(apps), /hunter2-secret/);
});

it('a setting is changed through //set: the same checks and answers, the app gets it, the log hides the value', async () => {
  const user = await owner();
  const changed = await user.post('/api/apps/welcome/settings', { key: 'privately', value: 'true' });
  assert.equal(changed.status, 200);
  assert.deepEqual(changed.json(), { result: 'ran', answers: ['welcome.privately is now true.'] });
  assert.equal(core.runtime.appSettings.settingsOf('welcome')!.privately, true);
  const wrong = await user.post('/api/apps/welcome/settings', { key: 'privately', value: 'maybe' });
  assert.equal(wrong.status, 200);
  assert.equal(wrong.json().answers.length, 1);
  assert.match(wrong.json().answers[0], /^Setting 'welcome\.privately' was not changed: /);
  assert.equal(core.runtime.appSettings.settingsOf('welcome')!.privately, true);
  const reset = await user.post('/api/apps/welcome/settings', { key: 'privately', value: '--reset' });
  assert.deepEqual(reset.json(), { result: 'ran', answers: ["welcome.privately is back to the settings file's value."] });
  assert.ok(core.logs.some((line) => line.message === 'dashboard:owner runs //set welcome.privately ********'));
  assert.deepEqual((await user.post('/api/apps/welcome/settings', { key: 'x y', value: '1' })).json(), { error: 'Give "key": the name of one of the app\'s settings.' });
});

it('restart stops and starts a running app again; an unknown app is named; a non-master is refused', async () => {
  const user = await owner();
  assert.equal(starts, 1);
  assert.deepEqual((await user.post('/api/apps/counter/restart')).json(), { result: 'ran', answers: ["App 'counter' restarted."] });
  assert.equal(starts, 2);
  assert.equal(core.state('counter'), 'RUNNING');
  assert.ok(core.logs.some((line) => line.message === "App 'counter' restarts, as asked by dashboard:owner"));
  assert.deepEqual((await user.post('/api/apps/nope/restart')).json(), { result: 'ran', answers: ["There is no app 'nope' (loaded: welcome, counter, faulty)."] });
  await core.runtime.access.grant('boss', 'anna', 'admin');
  const admin = await DashboardUser.login(core.runtime.dashboard!.loginLink('anna'));
  const refused = await admin.post('/api/apps/counter/restart');
  assert.equal(refused.status, 403);
  assert.deepEqual(refused.json(), { result: 'denied', answers: ['You are not allowed to restart apps: it needs master (you are admin).'] });
  assert.equal(starts, 2);
});
