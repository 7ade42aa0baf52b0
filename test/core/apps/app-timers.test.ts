import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestCore, testApp } from '../../helpers/core.js';
import { started, ticks } from '../../fixtures/apps/raw-timers/index.js';

type Timer = NodeJS.Timeout & { _destroyed?: boolean };

it("clears the raw timers of an app that is disabled, and a timer it creates afterwards, and says so", async () => {
  const app = fileURLToPath(new URL('../../fixtures/apps/raw-timers/index.js', import.meta.url));
  const core = await startTestCore({ apps: [app] });
  try {
    await core.waitFor(() => ticks > 2 && started.length > 3, 'the raw timers to run');
    await core.runtime.host.disable('raw-timers', 'test');
    assert.equal(core.state('raw-timers'), 'FAILED');
    assert.ok(started.every((timer) => (timer as Timer)._destroyed), 'every raw timer of the app is cleared');
    const warning = core.logs.find((entry) => entry.message.startsWith("App 'raw-timers' left "));
    assert.equal(
      warning?.message,
      "App 'raw-timers' left 2 timer(s) running that it did not create through ctx; they were cleared. Use ctx.every/ctx.after so they stop with the app.",
    );
    // Code of the stopped app that still runs (a callback it handed elsewhere) cannot start new timers.
    const late = core.runtime.boundary.run({ app: 'raw-timers' }, () => setInterval(() => undefined, 1)) as Timer;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(late._destroyed, true);
    assert.ok(core.logs.some((entry) => entry.message === "App 'raw-timers' created a timer after it stopped; it was cleared (and so will later ones be)"));
  } finally {
    await core.stop();
  }
});

it("does not count the GbxRemote client's request timer as the app's when the app's call armed it", async () => {
  const app = testApp('caller', {
    init: (ctx) =>
      void ctx.on('playerChat', ({ text }) => {
        if (text === 'call') void ctx.server.call('GetStatus');
      }),
  });
  const core = await startTestCore({ apps: [app], settings: { GBX: { apiVersion: '2023-03-25', requestTimeoutMs: 100, maxRequestBytes: 2097152, maxResponseBytes: 4194304 } } });
  try {
    const client = (core.runtime.session as unknown as { client: { timer?: NodeJS.Timeout; inFlight: number } }).client;
    await core.join('anna');
    // Once every request so far is answered and the timeout has passed, the client's timer is down.
    await core.waitFor(() => client.timer === undefined, "the client's request timer to lapse");
    await core.chat('anna', 'call');
    await core.waitFor(() => client.inFlight === 0, 'the app\'s call to be answered');
    await core.runtime.host.disable('caller', 'test');
    assert.equal(core.state('caller'), 'FAILED');
    assert.equal(core.logs.find((entry) => entry.message.startsWith("App 'caller' left "))?.message, undefined);
    assert.deepEqual(await core.runtime.session.call('GetStatus'), { Code: 4, Name: 'Running - Play' });
  } finally {
    await core.stop();
  }
});
