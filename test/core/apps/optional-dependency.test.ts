import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import type { AppContext } from '../../../core/apps/define.js';
import { orderApps } from '../../../core/apps/order.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

it('starts a used app first when it is loaded, and never requires it', () => {
  assert.deepEqual(orderApps([{ id: 'maps', dependsOn: [], uses: ['karma', 'records'] }, { id: 'karma', dependsOn: [] }]), { order: ['karma', 'maps'], problems: new Map() });
});

it("gives an app a used app's API while that app runs, undefined when it is missing or failed, and names an undeclared one", async () => {
  let ctxOf: AppContext | undefined;
  const calls: string[] = [];
  core = await startTestCore({
    allowFailedApps: true,
    apps: [
      testApp('maps', {
        uses: ['karma', 'records', 'broken'],
        init: (ctx) => {
          ctxOf = ctx;
          calls.push('init maps');
        },
      }),
      testApp('karma', { init: () => (calls.push('init karma'), { score: () => 3 }) }),
      testApp('broken', { init: () => { throw new Error('no disk'); } }),
    ],
  } as Parameters<typeof startTestCore>[0]);
  assert.deepEqual(calls, ['init karma', 'init maps'], 'the used app started first');
  assert.equal(core.state('maps'), 'RUNNING', 'a failed used app does not stop the app that uses it');
  assert.equal(ctxOf!.optionalDependency<{ score(): number }>('karma')?.score(), 3);
  assert.equal(ctxOf!.optionalDependency('records'), undefined, 'not in APPS');
  assert.equal(ctxOf!.optionalDependency('broken'), undefined, 'failed');
  assert.throws(
    () => ctxOf!.optionalDependency('welcome'),
    { message: "App 'maps' asked for app 'welcome' as optional, which is not in its uses. Fix: add 'welcome' to uses in the definition of 'maps' (or to dependsOn, if it cannot run without it)." },
  );
  await core.runtime.host.disable('karma', 'switched off for the test');
  assert.equal(ctxOf!.optionalDependency('karma'), undefined, 'stopped');
  assert.equal(core.state('maps'), 'RUNNING');
});
