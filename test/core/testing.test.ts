import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import { startTestCore, testApp } from '../helpers/core.js';

it('startTestCore throws when an app fails to start, naming each app and why', async () => {
  const apps = [testApp('fine'), testApp('broken', { init: () => { throw new Error('no disk'); } }), testApp('late', { dependsOn: ['broken'] })];
  await assert.rejects(startTestCore({ apps }), {
    code: 'PW_ERR_TEST_APP_FAILED',
    message:
      "startTestCore: 2 apps failed to start: 'broken' (App 'broken' failed in init(): no disk); 'late' (App 'late' was not started because its dependency 'broken' failed.). " +
      'Fix: correct the app, or pass allowFailedApps: true to startTestCore when the test expects it to fail.',
  });
});

it('startTestCore starts with failed apps when the test asks for it, and they are FAILED', async () => {
  const core = await startTestCore({ allowFailedApps: true, apps: [testApp('fine'), testApp('broken', { start: () => { throw new Error('no disk'); } })] });
  try {
    assert.equal(core.state('fine'), 'RUNNING');
    assert.deepEqual(core.status('broken'), { id: 'broken', version: '1.0.0', state: 'FAILED', reason: "App 'broken' failed in start(): no disk" });
  } finally {
    await core.stop();
  }
  assert.equal(existsSync(core.dataDir), false);
});
