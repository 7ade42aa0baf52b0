import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import type { AppContext } from '../../../core/apps/define.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const connect = { login: 'alice', isSpectator: false, player: { login: 'alice', nickName: 'Alice', playerId: 1, teamId: -1, isSpectator: false, ladderRanking: 0 } };

describe('app lifecycle', () => {
  it('runs init then start in dependency order and stop in reverse order', async () => {
    const calls: string[] = [];
    const app = (id: string, dependsOn: string[] = []) =>
      testApp(id, {
        dependsOn,
        init: () => void calls.push(`init ${id}`),
        start: () => void calls.push(`start ${id}`),
        stop: () => void calls.push(`stop ${id}`),
      });
    core = await startTestCore({ apps: [app('records', ['database']), app('welcome'), app('database')] });
    assert.deepEqual(calls, ['init database', 'start database', 'init records', 'start records', 'init welcome', 'start welcome']);
    assert.deepEqual(core.runtime.host.running().map((entry) => entry.id), ['database', 'records', 'welcome']);
    calls.length = 0;
    await core.runtime.stop();
    assert.deepEqual(calls, ['stop welcome', 'stop records', 'stop database']);
    assert.equal(core.state('welcome'), 'STOPPED');
  });

  it('gives a dependent what its dependency returned from init, and refuses undeclared ones', async () => {
    let seen: unknown;
    let refused: unknown;
    core = await startTestCore({
      apps: [
        testApp('database', { init: () => ({ query: () => 42 }) }),
        testApp('other'),
        testApp('records', {
          dependsOn: ['database'],
          init(ctx) {
            seen = ctx.dependency<{ query(): number }>('database').query();
            try {
              ctx.dependency('other');
            } catch (error) {
              refused = error;
            }
          },
        }),
      ],
    });
    assert.equal(seen, 42);
    assert.equal(
      (refused as Error).message,
      "App 'records' asked for app 'other', which is not in its dependsOn. Fix: add 'other' to dependsOn in the definition of 'records'.",
    );
  });

  it('gives each app a data folder, a labelled logger and validated settings', async () => {
    let context: AppContext | undefined;
    core = await startTestCore({
      settings: { APP_SETTINGS: { greeter: { greeting: 'Yo' } } },
      apps: [
        testApp('greeter', {
          settings: { greeting: { type: 'string', default: 'Hi' }, times: { type: 'integer', default: 2 } },
          init(ctx) {
            context = ctx;
            ctx.logger.info('hello from the app');
          },
        }),
      ],
    });
    assert.deepEqual(context?.settings, { greeting: 'Yo', times: 2 });
    assert.ok(existsSync(context!.dataDir));
    assert.ok(core.logs.some((entry) => entry.label === 'greeter' && entry.message === 'hello from the app'));
  });

  it('ends boot with one summary line of started and failed apps', async () => {
    core = await startTestCore({
      allowFailedApps: true,
      apps: [testApp('good'), testApp('bad', { init: () => { throw new Error('boom'); } })],
    });
    const summaries = core.logs.filter((entry) => entry.message.startsWith('Apps: '));
    assert.deepEqual(summaries.map((entry) => entry.message), ["Apps: 1 running (good), 1 failed: bad (App 'bad' failed in init(): boom)"]);
  });
});

describe('resolving APPS', () => {
  it('marks a missing dependency, a cycle and a duplicate id as failed and starts the rest', async () => {
    core = await startTestCore({
      allowFailedApps: true,
      apps: [
        testApp('records', { dependsOn: ['database'] }),
        testApp('a', { dependsOn: ['b'] }),
        testApp('b', { dependsOn: ['a'] }),
        testApp('fine'),
        testApp('fine', { version: '2.0.0' }),
      ],
    });
    assert.deepEqual(core.status('records'), {
      id: 'records',
      version: '1.0.0',
      state: 'FAILED',
      reason: "App 'records' depends on 'database', which is not in APPS. Fix: add 'database' to APPS in settings/base.ts, or remove 'records'.",
    });
    const cycle = 'Apps depend on each other in a cycle: a -> b -> a. Fix: remove one of these dependsOn entries so the apps can start in order.';
    assert.equal(core.status('a')?.reason, cycle);
    assert.equal(core.status('b')?.reason, cycle);
    const statuses = core.runtime.host.statuses().filter((status) => status.id === 'fine');
    assert.deepEqual(statuses.map((status) => status.state), ['RUNNING', 'FAILED']);
    assert.equal(
      statuses[1]?.reason,
      "Two apps have the id 'fine' (from '<inline app fine>' and '<inline app fine>'). Fix: list each app once in APPS; app ids must be unique.",
    );
    assert.equal(core.errors.length, 0, 'configuration problems are not app faults');
  });

  it('does not start the dependents of a failed app', async () => {
    core = await startTestCore({
      allowFailedApps: true,
      apps: [testApp('database', { init: () => { throw new Error('no disk'); } }), testApp('records', { dependsOn: ['database'] })],
    });
    assert.equal(core.status('records')?.reason, "App 'records' was not started because its dependency 'database' failed.");
  });

  it('names an app that cannot be found', async () => {
    core = await startTestCore({ allowFailedApps: true, apps: ['no-such-app-anywhere'] });
    assert.equal(
      core.status('no-such-app-anywhere')?.reason,
      "App 'no-such-app-anywhere' listed in APPS could not be loaded: no bundled app, npm package or module has that name. " +
        'Fix: use a bundled app id (a folder under apps/), an installed npm package name, or a path to a module.',
    );
  });

  it('names what is wrong with an invalid definition', async () => {
    core = await startTestCore({ allowFailedApps: true, apps: [{ id: 'Bad Id', version: '1', init() {} }, testApp('ok')] });
    assert.equal(
      core.status('Bad Id')?.reason,
      "App '<inline app Bad Id>' is not a valid app: id \"Bad Id\" must be lower-case letters, digits, - or _, starting with a letter. " +
        'Fix: export default defineApp({ id, version, init(ctx) { ... } }) from the app\'s module.',
    );
    assert.equal(core.state('ok'), 'RUNNING');
  });

  it('fails only the app whose settings are invalid, naming app, key and fix', async () => {
    core = await startTestCore({
      allowFailedApps: true,
      settings: { APP_SETTINGS: { greeter: { times: 'twice', colour: 'red' } } },
      apps: [testApp('greeter', { settings: { times: { type: 'integer', default: 2, min: 1 } } }), testApp('other')],
    });
    assert.equal(
      core.status('greeter')?.reason,
      "App 'greeter' has invalid settings in APP_SETTINGS['greeter']:\n" +
        '  - times must be a number, got string "twice". Fix: set APP_SETTINGS[\'greeter\'].times to a whole number >= 1, or remove it to use the default.\n' +
        "  - colour is not a setting of this app (known: times). Fix: remove APP_SETTINGS['greeter'].colour or check its spelling.",
    );
    assert.equal(core.state('other'), 'RUNNING');
  });
});

describe('isolation: each fault is contained and attributed once', () => {
  it('contains a sync throw in an event handler', async () => {
    const received: string[] = [];
    core = await startTestCore({
      apps: [
        testApp('broken', { init: (ctx) => void ctx.on('playerConnect', () => { throw new Error('sync fault'); }) }),
        testApp('healthy', { init: (ctx) => void ctx.on('playerConnect', ({ login }) => void received.push(login)) }),
      ],
    });
    core.emit('playerConnect', connect);
    assert.deepEqual(received, ['alice']);
    assert.deepEqual(core.errors.map((entry) => [entry.app, entry.error.message]), [['broken', 'sync fault']]);
    assert.deepEqual(core.errors[0]?.attribution.event, { name: 'playerConnect', payload: connect });
    assert.equal(core.state('broken'), 'RUNNING');
  });

  it('contains a rejected promise from an async handler', async () => {
    core = await startTestCore({
      apps: [testApp('broken', { init: (ctx) => void ctx.on('playerChat', async () => { await Promise.resolve(); throw new Error('async fault'); }) })],
    });
    core.emit('playerChat', { login: 'alice', text: 'hi', isCommand: false, channel: 'normal' });
    await core.waitFor(() => core!.errors.length > 0, 'the async fault');
    // Unhandled rejections are raised before the next macrotask: a second capture would be in by then.
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(core.errors.map((entry) => [entry.app, entry.error.message]), [['broken', 'async fault']]);
  });

  it("keeps each handler's app as the async scope of what it starts, and core's outside it", async () => {
    const seen: string[] = [];
    const scopeOf = (where: string): void => void seen.push(`${where}: ${core!.runtime.boundary.attribute(new Error(where)).app}`);
    const handler = (id: string) => async () => {
      scopeOf(`${id} sync`);
      setTimeout(() => scopeOf(`${id} timer`), 1);
      setImmediate(() => scopeOf(`${id} immediate`));
      await new Promise((resolve) => setTimeout(resolve, 2));
      scopeOf(`${id} after await`);
    };
    core = await startTestCore({
      apps: [testApp('first', { init: (ctx) => void ctx.on('playerConnect', handler('first')) }), testApp('second', { init: (ctx) => void ctx.on('playerConnect', handler('second')) })],
    });
    core.emit('playerConnect', connect);
    scopeOf('emitter');
    await core.waitFor(() => seen.length === 9, 'every continuation');
    assert.deepEqual(seen.sort(), [
      'emitter: core',
      'first after await: first',
      'first immediate: first',
      'first sync: first',
      'first timer: first',
      'second after await: second',
      'second immediate: second',
      'second sync: second',
      'second timer: second',
    ]);
  });

  it('contains a throw in a timer registered through ctx', async () => {
    core = await startTestCore({
      apps: [testApp('broken', { init: (ctx) => void ctx.after(1, () => { throw new Error('timer fault'); }) })],
    });
    await core.waitFor(() => core!.errors.length > 0, 'the timer fault');
    assert.deepEqual(core.errors.map((entry) => [entry.app, entry.error.message, entry.attribution.event?.name]), [['broken', 'timer fault', 'after 1ms']]);
  });

  it('turns a thrown non-Error value into an error that keeps the value', async () => {
    core = await startTestCore({
      // eslint-disable-next-line no-throw-literal
      apps: [testApp('broken', { init: (ctx) => void ctx.on('playerConnect', () => { throw { reason: 'plain object' }; }) })],
    });
    core.emit('playerConnect', connect);
    assert.equal(core.errors.length, 1);
    const { error, app } = core.errors[0]!;
    assert.equal(app, 'broken');
    assert.equal(
      error.message,
      "A non-Error value was thrown: { reason: 'plain object' }. Fix: throw new Error(...) so the report has a stack trace.",
    );
    assert.deepEqual(error.cause, { reason: 'plain object' });
  });

  for (const hook of ['init', 'start'] as const) {
    it(`marks an app whose ${hook}() throws as FAILED and starts the others`, async () => {
      core = await startTestCore({
        allowFailedApps: true,
        apps: [testApp('broken', { [hook]: () => { throw new Error(`${hook} fault`); } }), testApp('healthy')],
      });
      assert.deepEqual(core.status('broken'), {
        id: 'broken',
        version: '1.0.0',
        state: 'FAILED',
        reason: `App 'broken' failed in ${hook}(): ${hook} fault`,
      });
      assert.equal(core.state('healthy'), 'RUNNING');
      assert.deepEqual(core.errors.map((entry) => [entry.app, entry.attribution.hook, entry.error.message]), [['broken', hook, `${hook} fault`]]);
    });
  }

  it('marks an app whose start() rejects as FAILED and removes what its init() registered', async () => {
    let calls = 0;
    core = await startTestCore({
      allowFailedApps: true,
      apps: [
        testApp('broken', {
          init: (ctx) => void ctx.on('playerConnect', () => void calls++),
          start: async () => Promise.reject(new Error('start rejected')),
        }),
      ],
    });
    core.emit('playerConnect', connect);
    assert.equal(calls, 0);
    assert.equal(core.status('broken')?.reason, "App 'broken' failed in start(): start rejected");
    assert.equal(core.errors.length, 1);
  });

  it('fails an app whose hook does not finish in time, naming app and hook', async () => {
    core = await startTestCore({
      allowFailedApps: true,
      settings: { APP_HOOK_TIMEOUT_MS: 100 },
      apps: [testApp('slow', { init: () => new Promise(() => {}) }), testApp('healthy')],
    });
    const reason = "App 'slow' did not finish init() within 100 ms. Fix: make init() resolve sooner (move long work to a timer), or raise APP_HOOK_TIMEOUT_MS.";
    assert.equal(core.status('slow')?.reason, reason);
    assert.equal(core.state('healthy'), 'RUNNING');
    assert.deepEqual(core.errors.map((entry) => [entry.app, entry.error.message]), [['slow', reason]]);
  });

  it('reports a stop() throw once and still stops the other apps', async () => {
    const stopped: string[] = [];
    core = await startTestCore({
      apps: [
        testApp('first', { stop: () => void stopped.push('first') }),
        testApp('broken', { stop: () => { throw new Error('stop fault'); } }),
      ],
    });
    await core.runtime.stop();
    assert.deepEqual(stopped, ['first']);
    assert.equal(core.state('broken'), 'STOPPED');
    assert.deepEqual(core.errors.map((entry) => [entry.app, entry.attribution.hook, entry.error.message]), [['broken', 'stop', 'stop fault']]);
  });
});

describe('disposing what an app registered', () => {
  it('removes handlers, commands and timers on stop, even when one disposer throws', async () => {
    let events = 0;
    let ticks = 0;
    core = await startTestCore({
      apps: [
        testApp('tidy', {
          init(ctx) {
            ctx.on('playerConnect', () => void events++);
            ctx.command('hello', () => undefined);
            ctx.every(5, () => void ticks++);
            ctx.onStop(() => { throw new Error('cleanup fault'); });
          },
        }),
      ],
    });
    await core.waitFor(() => ticks > 0, 'a tick');
    await core.runtime.stop();
    const ticksAtStop = ticks;
    core.emit('playerConnect', connect);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(events, 0);
    assert.equal(ticks, ticksAtStop);
    // The app's commands are gone, and so are the core's own (/help, //admin, //set) once the runtime stopped.
    assert.deepEqual(core.runtime.commands.list().map((command) => command.name), []);
    assert.deepEqual(core.errors.map((entry) => [entry.app, entry.error.message]), [['tidy', 'cleanup fault']]);
  });

  it('refuses registrations after the app stopped', async () => {
    let saved: AppContext | undefined;
    core = await startTestCore({ apps: [testApp('late', { init: (ctx) => void (saved = ctx) })] });
    await core.runtime.stop();
    assert.throws(() => saved!.on('playerConnect', () => undefined), {
      code: 'PW_ERR_APP_STOPPED',
      message: "App 'late' is not running: registrations are only accepted while it is starting or running.",
    });
  });

  it('never overlaps runs of a slow scheduled job', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    core = await startTestCore({
      apps: [
        testApp('slowjob', {
          init: (ctx) =>
            void ctx.every(2, async () => {
              running++;
              runs++;
              maxRunning = Math.max(maxRunning, running);
              await new Promise((resolve) => setTimeout(resolve, 20));
              running--;
            }),
        }),
      ],
    });
    await core.waitFor(() => runs >= 3, 'three runs');
    assert.equal(maxRunning, 1);
  });

  it('names an invalid cron schedule', async () => {
    core = await startTestCore({ allowFailedApps: true, apps: [testApp('cronbad', { init: (ctx) => void ctx.every('not a cron', () => undefined) })] });
    assert.match(
      core.status('cronbad')?.reason ?? '',
      /^App 'cronbad' failed in init\(\): App 'cronbad' gave an invalid schedule 'not a cron': .+\. Fix: use a 6-field cron expression \(seconds first, e\.g\. '0 \*\/5 \* \* \* \*'\) or a number of milliseconds\.$/,
    );
  });
});

describe('timer arguments', () => {
  it('refuses a ctx.after() delay that is not 0 to 2147483647 ms, as ctx.every() refuses a bad interval', async () => {
    const delays: [string, unknown][] = [['nan', NaN], ['negative', -1], ['toolong', 2 ** 31], ['text', '500']];
    core = await startTestCore({
      allowFailedApps: true,
      apps: [
        ...delays.map(([id, ms]) => testApp(id, { init: (ctx) => void ctx.after(ms as number, () => undefined) })),
        testApp('longevery', { init: (ctx) => void ctx.every(2 ** 31, () => undefined) }),
        testApp('zero', { init: (ctx) => void ctx.after(0, () => undefined) }),
      ],
    });
    const shown: Record<string, string> = { nan: 'NaN', negative: '-1', toolong: '2147483648', text: "'500'" };
    for (const [id] of delays) {
      assert.equal(
        core.status(id)?.reason,
        `App '${id}' failed in init(): App '${id}' gave ctx.after() an invalid delay ${shown[id]}: it must be a number of milliseconds from 0 to 2147483647. ` +
          'Fix: pass a delay in that range; for longer or repeating waits use ctx.every() with a cron expression.',
      );
    }
    assert.equal(
      core.status('longevery')?.reason,
      "App 'longevery' failed in init(): App 'longevery' gave an invalid schedule '2147483648': an interval must be at most 2147483647 ms. " +
        "Fix: use a 6-field cron expression (seconds first, e.g. '0 */5 * * * *') or a number of milliseconds.",
    );
    assert.equal(core.state('zero'), 'RUNNING');
  });

  it('a ctx.after(0) timer runs once the current work is done, a disposed one never, and its error is the app\'s', async () => {
    const order: string[] = [];
    let ran!: () => void;
    const done = new Promise<void>((resolve) => (ran = resolve));
    core = await startTestCore({
      apps: [
        testApp('soon', {
          init(ctx) {
            ctx.after(0, () => void (order.push('timer'), ran()));
            ctx.after(0, () => order.push('disposed')).dispose();
            ctx.after(0, () => {
              throw new Error('soon fault');
            });
            order.push('init');
          },
        }),
      ],
    });
    await done;
    await core.waitFor(() => core!.errors.length === 1, 'the timer error');
    assert.deepEqual(order, ['init', 'timer']);
    assert.equal(core.errors[0]!.app, 'soon');
    assert.equal(core.errors[0]!.error.message, 'soon fault');
  });
});

describe('error budget', () => {
  it('stops an app that errors more than the budget allows, once, and leaves the others running', async () => {
    let faults = 0;
    core = await startTestCore({
      settings: { APP_ERROR_BUDGET: { count: 5, seconds: 60 } },
      apps: [
        testApp('noisy', { init: (ctx) => void ctx.on('playerConnect', () => { faults++; throw new Error('again'); }) }),
        testApp('calm'),
      ],
    });
    for (let index = 0; index < 10; index++) core.emit('playerConnect', connect);
    await core.waitFor(() => core!.state('noisy') === 'FAILED', 'noisy to be disabled');
    assert.equal(faults, 6, 'the handler is removed once the budget is spent');
    assert.equal(core.errors.length, 6);
    assert.equal(core.status('noisy')?.reason, "App 'noisy' was stopped: it raised 6 errors within 60 s. Fix the errors in its log, then restart Pitwall; APP_ERROR_BUDGET sets the limit.");
    assert.equal(core.state('calm'), 'RUNNING');
  });
});
