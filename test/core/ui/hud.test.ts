import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import type { WidgetChoiceHandle } from '../../../core/index.js';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const HUD = 'pitwall.core.hud';
const RECORDS = ['pitwall.records.widget', 'pitwall.records.widget-own', 'pitwall.records.widget-near'];

// Players hiding widgets they do not want, kept for their next visit: asked for in PyPlanet #333 and #891,
// ManiaControl #143 and EvoSC# #321 (each controller's issue tracker on GitHub).
it('/hud lists every widget; a player hides one for themselves only, and the choice survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-hud-'));
  core = await startTestCore({ apps: ['records', 'live'], settings: { DATA_DIR: dataDir } });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await core.finish('ben', 20_000);
  await core.finish('anna', 21_000);
  await core.ui.waitForPage('anna', 'pitwall.records.widget-near');

  await core.chat('anna', '/hud');
  let window = await core.ui.waitForPage('anna', HUD);
  assert.equal(XMLValidator.validate(window.xml), true);
  assert.deepEqual(window.texts, [
    'Your HUD', 'Close',
    'Records', 'shown', 'Hide',
    'Checkpoint differences', 'shown', 'Hide',
    'Compare with', 'your best', 'record #1', 'the record above you',
    'Live ranking', 'shown', 'Hide',
    'Best checkpoints', 'shown', 'Hide',
  ]);
  assert.equal(await core.ui.click('anna', 'hud-pitwall.records.widget'), 'ran');
  window = await core.ui.waitForPage('anna', HUD, (page) => page.texts[3] === 'hidden');
  assert.deepEqual(window.texts.slice(2, 5), ['Records', 'hidden', 'Show']);
  for (const page of RECORDS) assert.equal(core.ui.page('anna', page), undefined, `${page} hidden for anna`);
  assert.notEqual(core.ui.page('ben', 'pitwall.records.widget'), undefined, 'ben still sees it');

  // New records redraw ben's widget, never anna's.
  await core.finish('anna', 19_000);
  await core.ui.waitForPage('ben', 'pitwall.records.widget', (page) => page.texts.includes('0:19.000'));
  for (const page of RECORDS) assert.equal(core.ui.page('anna', page), undefined);
  assert.equal(await core.ui.click('anna', 'hud-close'), 'ran');
  assert.equal(core.ui.page('anna', HUD), undefined);
  await core.stop();

  // A new controller on the same database: anna's choice is read as she joins, before any page is sent.
  core = await startTestCore({ apps: ['records', 'live'], settings: { DATA_DIR: dataDir } });
  await core.join('ben', 'Ben');
  await core.join('anna', 'Anna');
  await core.ui.waitForPage('ben', 'pitwall.records.widget', (page) => page.texts.includes('0:19.000'));
  await core.chat('anna', '/hud');
  window = await core.ui.waitForPage('anna', HUD);
  assert.deepEqual(window.texts.slice(2, 5), ['Records', 'hidden', 'Show']);
  for (const page of RECORDS) assert.equal(core.ui.page('anna', page), undefined, `${page} still hidden after the restart`);

  // Shown again: the widget comes back with what it shows now.
  assert.equal(await core.ui.click('anna', 'hud-pitwall.records.widget'), 'ran');
  const widget = await core.ui.waitForPage('anna', 'pitwall.records.widget');
  assert.deepEqual(widget.texts.slice(0, 4), ['Records', '1.', 'Anna', '0:19.000']);
  assert.deepEqual((await core.ui.waitForPage('anna', HUD, (page) => page.texts[3] === 'shown')).texts.slice(2, 5), ['Records', 'shown', 'Hide']);
  assert.deepEqual(core.errors, []);
});

it("/hud shows a widget's choice under its row; clicking a value picks it for that player, and the app reads it at once", async () => {
  core = await startTestCore({ apps: ['records'] });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await core.chat('anna', '/hud');
  let window = await core.ui.waitForPage('anna', HUD);
  assert.deepEqual(window.texts, [
    'Your HUD', 'Close',
    'Records', 'shown', 'Hide',
    'Checkpoint differences', 'shown', 'Hide',
    'Compare with', 'your best', 'record #1', 'the record above you',
  ]);
  // The current value is marked in yellow and is no button; the others are.
  assert.match(window.xml, /textcolor="fc3" text="your best"/);
  assert.equal(window.elements.some((element) => element.attributes.id === 'hud-pitwall.records.cps.pb'), false);

  assert.equal(await core.ui.click('anna', 'hud-pitwall.records.cps.top'), 'ran');
  window = await core.ui.waitForPage('anna', HUD, (page) => /textcolor="fc3" text="record #1"/.test(page.xml));
  assert.deepEqual(window.texts.slice(8), ['Compare with', 'your best', 'record #1', 'the record above you']);
  assert.doesNotMatch(window.xml, /textcolor="fc3" text="your best"/);
  assert.equal(window.elements.some((element) => element.attributes.id === 'hud-pitwall.records.cps.pb'), true);
  // The records app reads the same choice as /cps sets it; ben's is still his own.
  await core.chat('anna', '/cps');
  await core.waitForChat('Checkpoint differences compare with record #1.');
  await core.chat('ben', '/hud');
  assert.match((await core.ui.waitForPage('ben', HUD)).xml, /textcolor="fc3" text="your best"/);

  // Set from the app (/cps next), the window drawn next marks it.
  await core.chat('anna', '/cps next');
  await core.waitForChat('Checkpoint differences compare with the record just above yours.');
  await core.chat('anna', '/hud');
  await core.ui.waitForPage('anna', HUD, (page) => /textcolor="fc3" text="the record above you"/.test(page.xml));
  assert.deepEqual(core.errors, []);
});

/** An app with a clock widget whose face each player chooses; `faces` are the values this version offers. */
function clockApp(version: string, faces: Record<string, string>, fallback: string, handle: { current?: WidgetChoiceHandle<string> }) {
  return testApp('clock', {
    version,
    init(ctx) {
      handle.current = ctx.ui.widget('clock', { title: 'Clock', choice: { title: 'Face', values: faces, default: fallback } });
    },
  });
}

it('a stored value the new version of an app no longer offers counts as its default', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-hud-choice-'));
  const first: { current?: WidgetChoiceHandle<string> } = {};
  core = await startTestCore({ apps: [clockApp('1.0.0', { digital: 'digital', analog: 'analog' }, 'digital', first)], settings: { DATA_DIR: dataDir } });
  await core.join('anna', 'Anna');
  assert.equal(first.current!.choiceOf('anna'), 'digital');
  await first.current!.choose('anna', 'analog');
  assert.equal(first.current!.choiceOf('anna'), 'analog');
  await assert.rejects(first.current!.choose('anna', 'sundial'), {
    code: 'PW_ERR_UI_CHOICE',
    message: "App 'clock' cannot use the choice of widget 'clock': 'sundial' is not one of its values (digital, analog). Fix: choose one of digital, analog.",
  });
  await core.stop();

  // Kept across a restart while it is offered.
  const again: { current?: WidgetChoiceHandle<string> } = {};
  core = await startTestCore({ apps: [clockApp('1.0.0', { digital: 'digital', analog: 'analog' }, 'digital', again)], settings: { DATA_DIR: dataDir } });
  await core.join('anna', 'Anna');
  await core.chat('anna', '/hud');
  assert.deepEqual((await core.ui.waitForPage('anna', HUD)).texts, ['Your HUD', 'Close', 'Clock', 'shown', 'Hide', 'Face', 'digital', 'analog']);
  assert.equal(again.current!.choiceOf('anna'), 'analog');
  await core.stop();

  // Version 2 has no analog face: anna gets its default, and the window marks it.
  const second: { current?: WidgetChoiceHandle<string> } = {};
  core = await startTestCore({ apps: [clockApp('2.0.0', { digital: 'digital', binary: 'binary' }, 'binary', second)], settings: { DATA_DIR: dataDir } });
  await core.join('anna', 'Anna');
  await core.chat('anna', '/hud');
  const window = await core.ui.waitForPage('anna', HUD);
  assert.deepEqual(window.texts, ['Your HUD', 'Close', 'Clock', 'shown', 'Hide', 'Face', 'digital', 'binary']);
  assert.match(window.xml, /textcolor="fc3" text="binary"/);
  assert.equal(second.current!.choiceOf('anna'), 'binary');
  assert.deepEqual(core.errors, []);
});

it('a choice without values, with a bad value or with a default it does not offer fails its app, saying what to fix', async () => {
  const cases: Array<[Record<string, string>, string, string]> = [
    [{}, 'a', "it offers no value. Fix: give values at least one value and its text, e.g. values: { pb: 'your best' }."],
    [{ 'Big Face': 'big' }, 'Big Face', "value 'Big Face' is not 1-64 lower-case letters, digits, - or _, starting with a letter. Fix: rename the value."],
    [{ digital: 'digital', analog: 'analog' }, 'sundial', "its default 'sundial' is not one of its values (digital, analog). Fix: make the default one of the values."],
  ];
  for (const [faces, fallback, reason] of cases) {
    core = await startTestCore({ apps: [clockApp('1.0.0', faces, fallback, {})], allowFailedApps: true });
    assert.equal(core.state('clock'), 'FAILED');
    assert.equal(core.status('clock')?.reason, `App 'clock' failed in init(): App 'clock' cannot use the choice of widget 'clock': ${reason}`);
    await core.stop();
    core = undefined;
  }
});
