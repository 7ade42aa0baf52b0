import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { AppDefinition, SettingsChange } from '../../../core/apps/define.js';
import { LiveSettingsStore } from '../../../core/apps/live-settings.js';
import { openTestDatabase, startTestCore, testApp, type TestCore } from '../../helpers/core.js';

const spec = {
  greeting: { type: 'string' as const, default: 'hi' },
  token: { type: 'string' as const, default: '', secret: true },
  count: { type: 'integer' as const, default: 3, min: 1, max: 10 },
  loud: { type: 'boolean' as const, default: false },
  tags: { type: 'string[]' as const, default: [] as string[] },
};

let shared: Awaited<ReturnType<typeof openTestDatabase>>;
before(async () => (shared = await openTestDatabase()));
after(() => shared.close());

async function core(apps: AppDefinition[], appSettings: Record<string, Record<string, unknown>> = {}): Promise<TestCore> {
  const started = await startTestCore({
    apps,
    database: shared.database,
    settings: { ADMINS: ['boss'], APP_SETTINGS: appSettings, COMMAND_RATE_LIMIT: { count: 100, seconds: 10 } },
  });
  started.sandbox.playerJoin('boss');
  started.sandbox.playerJoin('anna');
  await started.waitFor(() => started.runtime.server.players.size === 2, 'two players');
  return started;
}

async function say(test: TestCore, login: string, text: string, answer: string): Promise<void> {
  const before = test.chatLog.length;
  test.sandbox.playerChat(login, text);
  await test.waitFor(() => test.chatLog.slice(before).some((chat) => chat.text === answer), `the answer '${answer}'; got ${JSON.stringify(test.chatLog.slice(before).map((c) => c.text))}`);
}

it('//set hands the new value to the app listener, keeps it over the file value, logs who, and --reset goes back to the file', async () => {
  const changes: SettingsChange[] = [];
  let inits = 0;
  const app = testApp('greeter', {
    settings: spec,
    init(ctx) {
      inits++;
      ctx.onSettingsChange((change) => void changes.push(change));
      ctx.command('greet', (call) => call.reply(`${String(ctx.settings.greeting)} x${String(ctx.settings.count)}`));
    },
  });
  const test = await core([app], { greeter: { count: 5 } });
  try {
    await say(test, 'boss', '//set greeter.count 7', 'greeter.count is now 7.');
    await say(test, 'anna', '/greet', 'hi x7');
    assert.deepEqual(changes, [{ key: 'count', value: 7, previous: 5, changedBy: 'boss' }]);
    assert.equal(inits, 1);
    assert.ok(test.logs.some((entry) => entry.message === 'Setting greeter.count set to 7 by boss'));
    await say(test, 'boss', '//set greeter.greeting hello there', 'greeter.greeting is now "hello there".');
    await say(test, 'boss', '//set greeter.tags a, b', 'greeter.tags is now ["a","b"].');
    await say(test, 'boss', '//set greeter.loud true', 'greeter.loud is now true.');
    await say(test, 'boss', '//set greeter.token tok-4242', 'greeter.token is now ********.');
    assert.ok(test.logs.some((entry) => entry.message === 'Setting greeter.token set to ******** by boss'));
    await say(test, 'boss', '//set greeter.token --reset', "greeter.token is back to the settings file's value.");
    await say(test, 'anna', '/greet', 'hello there x7');
    await say(test, 'boss', '//set greeter.count --reset', "greeter.count is back to the settings file's value.");
    await say(test, 'anna', '/greet', 'hello there x5');
    await say(test, 'boss', '//set greeter.count --reset', 'greeter.count has no live value; it already follows the settings file.');
    assert.equal(changes.at(-1)?.value, 5);
  } finally {
    await test.stop();
  }
  // A new controller on the same database: the live values still win over the file.
  const again = await core([app], { greeter: { count: 5 } });
  try {
    await say(again, 'anna', '/greet', 'hello there x5');
    const history = await LiveSettingsStore.open(shared.database).history();
    assert.deepEqual(history.filter((entry) => entry.app === 'greeter').map((entry) => [entry.key, entry.value, entry.changedBy]), [
      ['count', 7, 'boss'],
      ['greeting', 'hello there', 'boss'],
      ['tags', ['a', 'b'], 'boss'],
      ['loud', true, 'boss'],
      ['token', 'tok-4242', 'boss'],
      ['token', undefined, 'boss'],
      ['count', undefined, 'boss'],
    ]);
  } finally {
    await again.stop();
    const store = LiveSettingsStore.open(shared.database);
    for (const key of ['greeting', 'tags', 'loud']) await store.reset('greeter', key, 'test');
  }
});

it('an app without a change listener is restarted, reads the new value in init, and its timers run', async () => {
  let inits = 0;
  const app = testApp('plain', {
    settings: spec,
    init(ctx) {
      inits++;
      const count = ctx.settings.count;
      // A raw timer in the app's scope: after the restart it must run, not be cleared as a stopped app's.
      ctx.command('count', async (call) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await call.reply(`count ${String(count)}`);
      });
    },
  });
  const test = await core([app]);
  try {
    await say(test, 'boss', '//set plain.count 9', 'plain.count is now 9.');
    await say(test, 'anna', '/count', 'count 9');
    assert.equal(inits, 2);
    assert.equal(test.state('plain'), 'RUNNING');
    assert.ok(test.logs.some((entry) => entry.message === "App 'plain' restarts to apply its changed setting count"));
  } finally {
    await test.stop();
    await LiveSettingsStore.open(shared.database).reset('plain', 'count', 'test');
  }
});

it('bad /set input gets one line saying what is wrong and changes nothing', async () => {
  const changes: SettingsChange[] = [];
  const app = testApp('strict', { settings: spec, init: (ctx) => void ctx.onSettingsChange((change) => void changes.push(change)) });
  const test = await core([app]);
  try {
    const usage = 'Usage: //set <setting> <value...>';
    await say(test, 'anna', '//set strict.count 4', 'You are not allowed to use //set.');
    await say(test, 'boss', '//set', `Missing <setting>: expected a word. ${usage}`);
    await say(test, 'boss', '//set strict', `Missing <value>: expected some text. ${usage}`);
    await say(test, 'boss', '//set strict 4', `Wrong <setting>: expected <app>.<key>, e.g. records.listed. ${usage}`);
    await say(test, 'boss', '//set strict.count', `Missing <value>: expected some text. ${usage}`);
    await say(test, 'boss', '//set strict.count 11', "Setting 'strict.count' was not changed: must be at most 10, got 11; expected a whole number >= 1 and <= 10.");
    await say(test, 'boss', '//set strict.count many', 'Setting \'strict.count\' was not changed: must be a number, got string "many"; expected a whole number >= 1 and <= 10.');
    await say(test, 'boss', '//set strict.count 2.5', "Setting 'strict.count' was not changed: must be a whole number, got 2.5; expected a whole number >= 1 and <= 10.");
    await say(test, 'boss', '//set strict.loud yes', 'Setting \'strict.loud\' was not changed: must be true or false, got string "yes"; expected true or false.');
    await say(test, 'boss', '//set strict.colour red', "Setting 'strict.colour' was not changed: 'colour' is not a setting of app 'strict' (known: greeting, token, count, loud, tags).");
    // What every object inherits is not a setting: own keys only.
    await say(test, 'boss', '//set strict.constructor x', "Setting 'strict.constructor' was not changed: 'constructor' is not a setting of app 'strict' (known: greeting, token, count, loud, tags).");
    await say(test, 'boss', '//set strict.hasOwnProperty --reset', "Setting 'strict.hasOwnProperty' was not changed: 'hasOwnProperty' is not a setting of app 'strict' (known: greeting, token, count, loud, tags).");
    await say(test, 'boss', '//set nope.count 2', "Setting was not changed: there is no app 'nope' (loaded: strict). Fix: name a setting as <app>.<key>, e.g. records.listed.");
    await say(test, 'boss', '//set nope.count --reset', "Setting was not changed: there is no app 'nope' (loaded: strict). Fix: name a setting as <app>.<key>, e.g. records.listed.");
    assert.deepEqual(changes, []);
    assert.deepEqual(await LiveSettingsStore.open(shared.database).overrides('strict'), []);
    assert.equal(test.runtime.appSettings.settingsOf('strict')?.count, 3);
  } finally {
    await test.stop();
  }
});

it('a stored value the app no longer accepts is skipped with a warning naming the fix', async () => {
  await LiveSettingsStore.open(shared.database).set('narrow', 'count', 50, 'cli');
  const app = testApp('narrow', { settings: spec });
  const test = await core([app]);
  try {
    assert.equal(test.runtime.appSettings.settingsOf('narrow')?.count, 3);
    assert.ok(test.logs.some((entry) => entry.message === "App 'narrow': ignoring the live setting count = 50 (must be at most 10, got 50); pitwall settings set narrow.count --reset removes it"));
  } finally {
    await test.stop();
    await LiveSettingsStore.open(shared.database).reset('narrow', 'count', 'test');
  }
});

it('the overrides stored before a start apply to each app at boot, read once for all apps', async () => {
  const store = LiveSettingsStore.open(shared.database);
  await store.set('first', 'greeting', 'hello', 'cli');
  await store.set('second', 'count', 7, 'cli');
  await store.set('second', 'tags', ['a', 'b'], 'cli');
  const test = await core([testApp('first', { settings: spec }), testApp('second', { settings: spec }), testApp('plain')]);
  try {
    assert.deepEqual(test.runtime.appSettings.settingsOf('first'), { greeting: 'hello', token: '', count: 3, loud: false, tags: [] });
    assert.deepEqual(test.runtime.appSettings.settingsOf('second'), { greeting: 'hi', token: '', count: 7, loud: false, tags: ['a', 'b'] });
    assert.deepEqual(test.runtime.appSettings.settingsOf('plain'), {});
    // After the boot, a restart reads its app's overrides afresh.
    await store.set('first', 'greeting', 'hey', 'cli');
    assert.equal(await test.runtime.host.restartApp('first', 'test'), "App 'first' restarted.");
    assert.equal(test.runtime.appSettings.settingsOf('first')?.greeting, 'hey');
  } finally {
    await test.stop();
    for (const [app, key] of [['first', 'greeting'], ['second', 'count'], ['second', 'tags']] as const) await store.reset(app, key, 'test');
  }
});

it('the overrides store keeps values with their types, resets and history on PostgreSQL too', async () => {
  const { openPglite } = await import('../../helpers/pglite.js');
  const database = openPglite();
  try {
    const store = LiveSettingsStore.open(database);
    await store.set('records', 'listed', 10, 'boss');
    await store.set('welcome', 'tags', ['a', 'b'], 'cli');
    await store.set('records', 'listed', 12, 'anna');
    assert.deepEqual((await store.overrides()).map(({ app, key, value, changedBy }) => [app, key, value, changedBy]), [
      ['records', 'listed', 12, 'anna'],
      ['welcome', 'tags', ['a', 'b'], 'cli'],
    ]);
    assert.equal(await store.reset('records', 'listed', 'boss'), true);
    assert.equal(await store.reset('records', 'listed', 'boss'), false);
    assert.equal(await store.lastChangedBy('records', 'listed'), 'boss');
    assert.deepEqual((await store.overrides('records')), []);
    assert.equal((await store.history()).length, 4);
    assert.deepEqual(await database.tables('core_settings'), ['changes', 'overrides', 'pitwall_migrations', 'pitwall_migrations_lock']);
  } finally {
    await database.close();
  }
});

it("//set records.toString says it is not a setting, not a stack or a database error", async () => {
  const test = await startTestCore({ apps: ['records'], database: shared.database, settings: { ADMINS: ['boss'] } });
  try {
    test.sandbox.playerJoin('boss');
    await test.waitFor(() => test.runtime.server.players.size === 1, 'the admin');
    await say(test, 'boss', '//set records.toString x', "Setting 'records.toString' was not changed: 'toString' is not a setting of app 'records' (known: listed, widgetTop, widgetBefore, widgetAfter, announceTop).");
    assert.deepEqual(await LiveSettingsStore.open(shared.database).overrides('records'), []);
    assert.deepEqual(test.errors, []);
  } finally {
    await test.stop();
  }
});
