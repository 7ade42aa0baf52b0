import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, it } from 'node:test';
import { PROJECT_ROOT } from '../../../../core/reporting/stack.js';
import { startTestCore, testApp, type TestCore } from '../../../helpers/core.js';

// Real worker threads: each app below is a module file on disk, listed in APPS as { id: <path>, isolation: 'worker' }.
const folder = mkdtempSync(join(tmpdir(), 'pitwall-worker-apps-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function appFile(name: string, source: string): string {
  const file = join(folder, `${name}.mjs`);
  writeFileSync(file, source);
  return file;
}

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

/** An in-process app that keeps answering while a worker app is stuck. */
const pinger = testApp('pinger', {
  init(ctx) {
    ctx.command('ping', (call) => call.reply('pong'));
  },
});

const echo = appFile(
  'echo',
  `import { threadId } from 'node:worker_threads';
export default {
  id: 'echo', version: '2.1.0',
  settings: { greeting: { type: 'string', default: 'hello' } },
  init(ctx) {
    ctx.logger.info('echo is up');
    ctx.command('echo', async (call) => {
      await call.reply(ctx.settings.greeting + ' ' + call.args.join(' ') + ' from thread ' + (threadId > 0 ? 'worker' : 'main'));
    });
    let asked = 0;
    ctx.command({ name: 'who', level: 'player' }, async (call) => {
      asked += 1;
      await ctx.server.chatTo(call.login, 'players here (' + asked + '): ' + [...ctx.server.players.keys()].join(',') + ' on ' + (ctx.server.currentMap?.name ?? 'no map'));
    });
    ctx.on('playerChat', (chat) => {
      if (chat.text === 'boom') throw new Error('echo cannot take a boom');
      if (chat.text === 'hi all') return ctx.server.chat('echo heard ' + chat.login);
    });
  },
};
`,
);

it("runs an app with isolation: 'worker' in a worker thread: its commands, settings, events, chat and logs cross the port", async () => {
  core = await startTestCore({ apps: [{ id: echo, isolation: 'worker' }], settings: { APP_SETTINGS: { echo: { greeting: 'hey' } } } });
  assert.deepEqual(core.status('echo'), { id: 'echo', version: '2.1.0', state: 'RUNNING', isolation: 'worker' });
  assert.ok(core.logs.some((entry) => entry.message === 'echo is up' && entry.label === 'echo'));
  await core.join('anna');
  await core.chat('anna', '/echo one two');
  await core.waitForChat('hey one two from thread worker');
  const map = core.runtime.server.currentMap!.name;
  await core.chat('anna', '/who');
  await core.waitForChat(`players here (1): anna on ${map}`);
  await core.chat('anna', 'hi all');
  await core.waitForChat('echo heard anna');
  // The server's state crosses to the worker only when it changed: what the worker holds follows every change.
  await core.join('bob');
  await core.chat('anna', '/who');
  await core.waitForChat(`players here (2): anna,bob on ${map}`);
  await core.chat('anna', '/who');
  await core.waitForChat(`players here (3): anna,bob on ${map}`);
  await core.leave('bob');
  await core.chat('anna', '/who');
  await core.waitForChat(`players here (4): anna on ${map}`);
  await core.nextMap();
  await core.chat('anna', '/who');
  await core.waitForChat(`players here (5): anna on ${core.runtime.server.currentMap!.name}`);
  assert.notEqual(core.runtime.server.currentMap!.name, map);
});

it("an error in a worker app's handler goes through the same pipeline, attributed to the app, its event and its isolation", async () => {
  core = await startTestCore({ apps: [{ id: echo, isolation: 'worker' }] });
  await core.join('anna');
  await core.chat('anna', 'boom');
  await core.waitFor(() => core!.errors.some((captured) => captured.app === 'echo'), 'the error of echo');
  const captured = core.errors.find((entry) => entry.app === 'echo')!;
  assert.equal(captured.error.message, 'echo cannot take a boom');
  assert.equal(captured.attribution.isolation, 'worker');
  assert.equal(captured.attribution.appVersion, '2.1.0');
  assert.equal(captured.attribution.event?.name, 'playerChat');
  assert.equal(core.state('echo'), 'RUNNING');
});

it("a worker app's report says the isolation it ran in (tags.app_isolation)", async () => {
  core = await startTestCore({ reporting: true, apps: [{ id: echo, isolation: 'worker' }], settings: { LOGGING_REPORTING: 1 } });
  core.sandbox.playerJoin('anna');
  core.sandbox.playerChat('anna', 'boom');
  const folder = join(core.dataDir, 'reports');
  await core.waitFor(() => existsSync(folder) && readdirSync(folder).length === 1, 'a report');
  const report = JSON.parse(readFileSync(join(folder, readdirSync(folder)[0]!), 'utf8')) as { tags: Record<string, string> };
  assert.deepEqual(report.tags, { app: 'echo', app_version: '2.1.0', app_isolation: 'worker', reporting_level: '1', kind: 'error' });
});

const notes = appFile(
  'notes',
  `export default {
  id: 'wnotes', version: '1.0.0',
  database: { migrations: [{ name: '001-notes', async up(db) { await db.schema.createTable('notes').addColumn('text', 'text').execute(); } }] },
  init(ctx) {
    ctx.command('note', async (call) => {
      await ctx.db.insertInto('notes').values({ text: call.args.join(' ') }).execute();
      await call.reply('noted in ' + ctx.dataDir.split('/').slice(-2).join('/'));
    });
  },
};
`,
);

it("a worker app's ctx.db is its own connection to the controller's database, migrated before its init", async () => {
  core = await startTestCore({ apps: [{ id: notes, isolation: 'worker' }] });
  assert.ok(core.logs.some((entry) => entry.message === "App 'wnotes': applied database migrations 001-notes"));
  await core.join('anna');
  await core.chat('anna', '/note buy tyres');
  await core.waitForChat('noted in apps/wnotes');
  const rows = await core.runtime.database.namespace<{ notes: { text: string } }>('app_wnotes', 'test').selectFrom('notes').select('text').execute();
  assert.deepEqual(rows, [{ text: 'buy tyres' }]);
});

const widget = appFile(
  'widget',
  `import { h } from ${JSON.stringify(pathToFileURL(join(PROJECT_ROOT, 'dist', 'core', 'index.js')).href)};
export default {
  id: 'wwidget', version: '1.0.0',
  async init(ctx) {
    await ctx.ui.show('panel', h('frame', {},
      h('label', { text: 'made in a worker <b>' }),
      h('label', { id: 'hello', text: 'Say hello', onAction: (click) => ctx.server.chatTo(click.login, 'hello ' + click.login + ' from the worker') }),
      h('label', { id: 'boss-only', text: 'Boss', onAction: { level: 'master', handler: (click) => ctx.server.chatTo(click.login, 'boss button') } }),
    ));
  },
};
`,
);

it("a worker app's ctx.ui pages reach players, their clicks run the handler in the worker, and action levels are checked by the controller", async () => {
  core = await startTestCore({ apps: [{ id: widget, isolation: 'worker' }] });
  await core.join('anna');
  const page = await core.ui.waitForPage('anna', 'pitwall.wwidget.panel');
  assert.deepEqual(page.texts, ['made in a worker <b>', 'Say hello', 'Boss']);
  assert.equal(await core.ui.click('anna', 'hello'), 'ran');
  await core.waitForChat('hello anna from the worker');
  assert.equal(await core.ui.click('anna', 'boss-only'), 'denied');
});

const blocker = appFile(
  'blocker',
  `export default {
  id: 'blocker', version: '1.0.0',
  init(ctx) {
    ctx.command('block', () => {
      ctx.logger.info('blocking for 10 s');
      // Blocks this thread's event loop for 10 s, as a long synchronous loop would, without spending the CPU.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000);
      ctx.logger.info('block over');
    });
    ctx.command('laps', async (call) => {
      await call.reply('no laps yet');
      ctx.logger.info('laps answered');
    });
  },
};
`,
);

/** The longest time the controller's event loop went without running a 10 ms interval, from start() to stop(). */
function loopHeartbeat(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

it('a worker app blocking its loop for 10 s: the controller and another app keep answering, and its pending calls time out after APP_HOOK_TIMEOUT_MS and are reported', async () => {
  core = await startTestCore({ apps: [{ id: blocker, isolation: 'worker' }, pinger], settings: { APP_HOOK_TIMEOUT_MS: 1000 } });
  await core.join('anna');
  await core.chat('anna', '/block');
  await core.waitFor(() => core!.logs.some((entry) => entry.message === 'blocking for 10 s'), 'the blocker to block');
  const heartbeat = loopHeartbeat();
  // A second call to the blocked app waits behind the block.
  await core.chat('anna', '/laps');
  await core.chat('anna', '/ping');
  await core.waitForChat('pong');
  await core.waitFor(() => core!.errors.filter((captured) => captured.app === 'blocker').length === 2, 'the timeouts of /block and /laps', 8000);
  const timeouts = core.errors.filter((entry) => entry.app === 'blocker');
  assert.deepEqual(
    timeouts.map((captured) => [captured.error.message, captured.attribution.isolation, captured.attribution.event?.name]),
    ['block', 'laps'].map((name) => [
      `App 'blocker' did not answer /${name} within 1000 ms: its worker thread is busy or blocked. Fix: move long work off the handler (a timer, smaller steps), or raise APP_HOOK_TIMEOUT_MS.`,
      'worker',
      `/${name}`,
    ]),
  );
  // The whole block, measured on the controller's own loop: a block in the controller's thread would stop it
  // for the full 10 s. The bound is a tenth of that, so that four test files sharing two cores cannot fail it;
  // the gap itself (about 13 ms on an idle machine, against a goal of 100 ms) is in the message.
  await core.waitFor(() => core!.logs.some((entry) => entry.message === 'block over'), 'the end of the block', 15_000);
  const longestGap = heartbeat.stop();
  assert.ok(longestGap < 1000, `the controller's loop stood still for ${longestGap.toFixed(1)} ms while the worker was blocked`);
  assert.equal(core.state('blocker'), 'RUNNING');
  // After the block the worker runs /laps; its reply, to a call that already failed, reaches nobody.
  await core.waitFor(() => core!.logs.some((entry) => entry.message === 'laps answered'), 'the late /laps to finish');
  assert.equal(core.sandbox.chatLog.some((chat) => chat.text === 'no laps yet'), false, 'a call that timed out is not answered late');
});

const grower = appFile(
  'grower',
  `export default {
  id: 'grower', version: '1.0.0',
  init(ctx) {
    ctx.command('grow', () => {
      const kept = [];
      for (;;) kept.push(new Array(100000).fill(kept.length));
    });
  },
};
`,
);

it('a worker app allocating past its heap limit: its worker ends, the app is FAILED with the reason, its commands are gone, the others run on', async () => {
  core = await startTestCore({ apps: [{ id: grower, isolation: 'worker', heapMb: 32 }, pinger], settings: { APP_RESTART: { attempts: 0, backoffMs: 0 } } });
  await core.join('anna');
  await core.chat('anna', '/grow');
  await core.waitFor(() => core!.state('grower') === 'FAILED', 'grower to fail', 30_000);
  assert.equal(core.status('grower')?.reason, "App 'grower' stopped: its worker thread ran out of memory (heap limit 32 MB). Fix: see the app's errors in the log; APP_RESTART sets how often it is started again.");
  assert.equal(core.runtime.commands.list().some((command) => command.name === 'grow'), false);
  await core.chat('anna', '/ping');
  await core.waitForChat('pong');
});

const exiter = appFile(
  'exiter',
  `export default {
  id: 'exiter', version: '1.0.0',
  init(ctx) {
    ctx.logger.info('exiter started');
    ctx.command('quit', () => process.exit(3));
  },
};
`,
);

it('a worker app calling process.exit ends only its worker: the app is FAILED saying so, the controller runs on', async () => {
  core = await startTestCore({ apps: [{ id: exiter, isolation: 'worker' }, pinger], settings: { APP_RESTART: { attempts: 0, backoffMs: 0 } } });
  await core.join('anna');
  await core.chat('anna', '/quit');
  await core.waitFor(() => core!.state('exiter') === 'FAILED', 'exiter to fail');
  assert.equal(core.status('exiter')?.reason, "App 'exiter' stopped: its worker thread exited with code 3 (the app called process.exit). Fix: see the app's errors in the log; APP_RESTART sets how often it is started again.");
  assert.equal(core.runtime.commands.list().some((command) => command.name === 'quit'), false);
  await core.chat('anna', '/ping');
  await core.waitForChat('pong');
});

it('APP_RESTART starts an app whose worker ended again with a fresh worker, then gives up with one line', async () => {
  core = await startTestCore({ apps: [{ id: exiter, isolation: 'worker' }], settings: { APP_RESTART: { attempts: 1, backoffMs: 10 } } });
  await core.join('anna');
  await core.chat('anna', '/quit');
  await core.waitFor(() => core!.logs.filter((entry) => entry.message === 'exiter started').length === 2 && core!.state('exiter') === 'RUNNING', 'exiter to start again');
  assert.ok(core.logs.some((entry) => entry.message === "App 'exiter' starts again in 10 ms (restart 1 of 1): its worker thread exited with code 3 (the app called process.exit)"));
  await core.chat('anna', '/quit');
  await core.waitFor(() => core!.logs.some((entry) => String(entry.message).startsWith("App 'exiter' gave up")), 'exiter to give up');
  assert.deepEqual(
    core.logs.filter((entry) => String(entry.message).startsWith("App 'exiter' gave up")).map((entry) => entry.message),
    ["App 'exiter' gave up after 1 restart: its worker thread exited with code 3 (the app called process.exit); it stays failed until Pitwall restarts."],
  );
  assert.equal(core.state('exiter'), 'FAILED');
});

const thrower = appFile('thrower', `throw new Error('thrower breaks at import');\n`);

it('a worker app throwing at the top level of its module: FAILED with the reason, the error attributed to it', async () => {
  core = await startTestCore({ apps: [{ id: thrower, isolation: 'worker' }, pinger], allowFailedApps: true });
  assert.equal(core.state(thrower), 'FAILED');
  assert.equal(core.status(thrower)?.reason, `App '${thrower}' listed in APPS could not be loaded: importing it in its worker thread failed: thrower breaks at import. Fix: use a bundled app id (a folder under apps/), an installed npm package name, or a path to a module.`);
  assert.ok(core.errors.some((captured) => captured.error.message === 'thrower breaks at import' && captured.attribution.isolation === 'worker'));
  assert.equal(core.state('pinger'), 'RUNNING');
});

const silent = appFile(
  'silent',
  `export default {
  id: 'silent', version: '1.0.0',
  init() {
    // Never answers: the thread waits forever.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
};
`,
);

it('a worker app that never answers its init: the hook times out, its worker is ended, the others start', async () => {
  core = await startTestCore({ apps: [{ id: silent, isolation: 'worker' }, pinger], allowFailedApps: true, settings: { APP_HOOK_TIMEOUT_MS: 500 } });
  assert.equal(core.status('silent')?.reason, "App 'silent' did not finish init() within 500 ms. Fix: make init() resolve sooner (move long work to a timer), or raise APP_HOOK_TIMEOUT_MS.");
  assert.equal(core.state('pinger'), 'RUNNING');
});

const twoWays = appFile(
  'twoways',
  `export default {
  id: 'wtwoways', version: '1.0.0',
  init(ctx) {
    ctx.command('twoways', async (call) => {
      const failed = [];
      try { ctx.ui.crowded; } catch (error) { failed.push(error.message); }
      try { await ctx.ui.show('rows', { perPlayer: 'yours', shared: 'everyone' }); } catch (error) { failed.push(error.message); }
      await call.reply(failed.join(' | '));
    });
  },
};
`,
);

it('a worker app cannot draw a page two ways (per player and shared): ctx.ui.crowded and such content fail, saying what to do', async () => {
  core = await startTestCore({ apps: [{ id: twoWays, isolation: 'worker' }] });
  await core.join('anna');
  await core.chat('anna', '/twoways');
  await core.waitForChat(
    "App 'wtwoways' runs in a worker thread, where ctx.ui.crowded is not available. Fix: show each player their page with { to: login }, or run the app in process. | " +
      "App 'wtwoways' runs in a worker thread, where ctx.ui.show() with content made per player is not available. Fix: show each player their page with { to: login }.",
  );
});
