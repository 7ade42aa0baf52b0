import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import type { SettingsChange } from '../../../core/apps/define.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const WINDOW = 'pitwall.core.settings';

async function settingsCore(changes: SettingsChange[]): Promise<TestCore> {
  const greeter = testApp('greeter', {
    settings: {
      greeting: { type: 'string', default: 'Hi', description: 'said to each joining player' },
      count: { type: 'integer', default: 3, min: 1, max: 10, description: 'greetings per player' },
      token: { type: 'string', default: 'tok-default-1', secret: true, description: 'API key' },
    },
    init: (ctx) => void ctx.onSettingsChange((change) => void changes.push(change)),
  });
  const laps = testApp('laps', { settings: { tags: { type: 'string[]', default: ['cup'] } } });
  const started = await startTestCore({
    apps: [greeter, laps, testApp('plain')],
    settings: { ADMINS: ['boss'], APP_SETTINGS: { greeter: { count: 5 } }, COMMAND_RATE_LIMIT: { count: 100, seconds: 10 } },
  });
  await started.join('boss', 'The Boss');
  await started.join('anna', 'Anna');
  return started;
}

async function open(test: TestCore, login: string): Promise<void> {
  await test.chat(login, '//settings');
  await test.waitFor(() => test.ui.page(login, WINDOW) !== undefined, `the settings window for ${login}`);
}

/** The window's labels and its entry fields with what they hold. */
function seen(test: TestCore, login: string): { texts: string[]; fields: Record<string, string> } {
  const page = test.ui.page(login, WINDOW)!;
  const fields = Object.fromEntries(page.elements.filter((element) => element.tag === 'entry').map((element) => [element.attributes.name!, element.attributes.default ?? '']));
  return { texts: page.texts, fields };
}

it('//settings shows every app\'s settings grouped by app, with description, current value and source', async () => {
  core = await settingsCore([]);
  await core.chat('anna', '//settings');
  await core.waitForChat('You are not allowed to use //settings.');
  assert.equal(core.ui.page('anna', WINDOW), undefined);
  await open(core, 'boss');
  assert.deepEqual(seen(core, 'boss'), {
    texts: [
      'Settings: greeter',
      'Close',
      'Setting',
      'Value',
      'Source',
      'greeting',
      'Set',
      'Reset',
      'default',
      'said to each joining player (now "Hi")',
      'count',
      'Set',
      'Reset',
      'settings file',
      'greetings per player (now 5)',
      'token',
      'Set',
      'Reset',
      'default',
      'API key (now ********)',
      'Page 1 / 2',
      'Next >',
    ],
    // A secret's value never reaches the page.
    fields: { 'greeter.greeting': 'Hi', 'greeter.count': '5', 'greeter.token': '' },
  });
  assert.doesNotMatch(core.ui.page('boss', WINDOW)!.xml, /tok-default-1/);
  // The app without settings has no page; the next app has the next one.
  assert.equal(await core.ui.click('boss', 'settings-next'), 'ran');
  assert.deepEqual(seen(core, 'boss'), {
    texts: ['Settings: laps', 'Close', 'Setting', 'Value', 'Source', 'tags', 'Set', 'Reset', 'default', 'now ["cup"]', '< Previous', 'Page 2 / 2'],
    fields: { 'laps.tags': 'cup' },
  });
  assert.equal(await core.ui.click('boss', 'settings-close'), 'ran');
  assert.equal(core.ui.page('boss', WINDOW), undefined);
  assert.deepEqual(core.errors, []);
});

it('edits a setting from the window with the same checks and answers as //set, and shows the live edit', async () => {
  const changes: SettingsChange[] = [];
  core = await settingsCore(changes);
  await open(core, 'boss');
  const status = () => core!.ui.page('boss', WINDOW)!.texts.find((text, index, texts) => index === texts.indexOf('Page 1 / 2') - 1);

  // A value the declaration refuses: nothing changes, and the window says what //set would.
  assert.equal(await core.ui.click('boss', 'set-greeter.count', { 'greeter.count': '50' }), 'ran');
  const refused = "Setting 'greeter.count' was not changed: must be at most 10, got 50; expected a whole number >= 1 and <= 10.";
  assert.equal(status(), refused);
  await core.chat('boss', '//set greeter.count 50');
  await core.waitForChat(refused);
  assert.equal(changes.length, 0);

  assert.equal(await core.ui.click('boss', 'set-greeter.count', { 'greeter.count': '7' }), 'ran');
  assert.equal(status(), 'greeter.count is now 7.');
  assert.deepEqual(changes, [{ key: 'count', value: 7, previous: 5, changedBy: 'boss' }]);
  const { texts, fields } = seen(core, 'boss');
  assert.deepEqual(texts.slice(10, 15), ['count', 'Set', 'Reset', 'live edit by boss', 'greetings per player (now 7)']);
  assert.equal(fields['greeter.count'], '7');

  // A secret is set like any other, and shown masked.
  assert.equal(await core.ui.click('boss', 'set-greeter.token', { 'greeter.token': 'tok-new-2' }), 'ran');
  assert.equal(status(), 'greeter.token is now ********.');
  assert.doesNotMatch(core.ui.page('boss', WINDOW)!.xml, /tok-new-2/);

  assert.equal(await core.ui.click('boss', 'reset-greeter.count'), 'ran');
  assert.equal(status(), "greeter.count is back to the settings file's value.");
  assert.deepEqual(seen(core, 'boss').texts.slice(10, 15), ['count', 'Set', 'Reset', 'settings file', 'greetings per player (now 5)']);
  assert.equal(await core.ui.click('boss', 'reset-greeter.count'), 'ran');
  assert.equal(status(), 'greeter.count has no live value; it already follows the settings file.');
  assert.deepEqual(changes.map((change) => [change.key, change.key === 'token' ? '***' : change.value]), [['count', 7], ['token', '***'], ['count', 5]]);
  assert.deepEqual(core.errors, []);
});
