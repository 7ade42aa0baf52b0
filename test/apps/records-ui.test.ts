import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { startTestCore, testApp, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const WIDGET = 'pitwall.records.widget';
const OWN = 'pitwall.records.widget-own';
const WINDOW = 'pitwall.records.list';

it('a player sees the records widget, opens /records and pages with the buttons', async () => {
  core = await startTestCore({ apps: ['records'] });
  await core.join('anna', 'Anna');
  await core.waitFor(() => core!.ui.page('anna', WIDGET) !== undefined, 'the widget on join');
  assert.deepEqual(core.ui.page('anna', WIDGET)!.texts, ['Records', 'No time yet: go!']);

  // Twelve finishes: anna is slowest, 12th, below the widget's top 5.
  for (let index = 1; index <= 11; index++) {
    await core.join(`p${index}`, `$f00<Player ${index}>`);
    await core.finish(`p${index}`, 20_000 + index * 100);
  }
  await core.finish('anna', 30_000);
  await core.waitFor(() => core!.ui.page('anna', OWN) !== undefined, "anna's own rank under her widget");
  const widget = core.ui.page('anna', WIDGET)!;
  assert.equal(XMLValidator.validate(widget.xml), true);
  assert.deepEqual(widget.texts, [
    'Records',
    '1.', '$f00<Player 1>', '0:20.100',
    '2.', '$f00<Player 2>', '0:20.200',
    '3.', '$f00<Player 3>', '0:20.300',
    '4.', '$f00<Player 4>', '0:20.400',
    '5.', '$f00<Player 5>', '0:20.500',
  ]);
  assert.deepEqual(core.ui.page('anna', OWN)!.texts, ['12.', 'Anna', '0:30.000']);
  assert.equal(XMLValidator.validate(core.ui.page('anna', OWN)!.xml), true);
  // Player 3 is in the top 5: no line of their own; the top rows are the same page for everyone.
  assert.equal(core.ui.page('p3', OWN), undefined);
  assert.equal(core.ui.page('p3', WIDGET)!.xml, widget.xml);

  await core.chat('anna', '/records');
  await core.waitFor(() => core!.ui.page('anna', WINDOW) !== undefined, 'the /records window');
  let window = core.ui.page('anna', WINDOW)!;
  assert.equal(XMLValidator.validate(window.xml), true);
  assert.ok(window.texts.includes('Page 1 / 2'));
  assert.ok(window.texts.includes('10.') && !window.texts.includes('11.'));
  assert.equal(core.ui.page('p1', WINDOW), undefined, 'the window is anna’s only');

  assert.equal(await core.ui.click('anna', 'list-next'), 'ran');
  window = core.ui.page('anna', WINDOW)!;
  assert.ok(window.texts.includes('Page 2 / 2'));
  assert.deepEqual(window.texts.slice(window.texts.indexOf('11.'), window.texts.indexOf('11.') + 6), ['11.', '$f00<Player 11>', '0:21.100', '12.', 'Anna', '0:30.000']);
  assert.ok(!window.elements.some((element) => element.attributes.id === 'list-next'), 'no next page after the last');

  assert.equal(await core.ui.click('anna', 'list-previous'), 'ran');
  assert.ok(core.ui.page('anna', WINDOW)!.texts.includes('Page 1 / 2'));
  assert.equal(await core.ui.click('anna', 'list-close'), 'ran');
  assert.equal(core.ui.page('anna', WINDOW), undefined);
  assert.notEqual(core.ui.page('anna', WIDGET), undefined, 'the widget stays');
});

it('a throwing click handler in an app produces exactly one report, attributed to that app', async () => {
  const { h } = await import('pitwall');
  const broken = testApp('broken', {
    init(ctx) {
      ctx.on('playerConnect', ({ login }) =>
        ctx.ui.show('panel', h('label', { id: 'oops', text: 'Click me', onAction: () => Promise.reject(new Error('click failed')) }), { to: login }),
      );
    },
  });
  core = await startTestCore({ apps: ['records', broken], reporting: true, settings: { LOGGING_REPORTING: 1 } });
  await core.join('anna');
  await core.waitFor(() => core!.ui.page('anna', 'pitwall.broken.panel') !== undefined, 'the panel');
  assert.equal(await core.ui.click('anna', 'oops'), 'ran');
  await core.waitFor(() => core!.errors.length === 1, 'the report');
  assert.equal(core.errors[0]!.app, 'broken');
  assert.equal(core.errors[0]!.error.message, 'click failed');
  assert.equal(core.state('broken'), 'RUNNING');
  assert.equal(core.state('records'), 'RUNNING');
});
