import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { startTestCore, type TestCore } from '../../helpers/core.js';

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
