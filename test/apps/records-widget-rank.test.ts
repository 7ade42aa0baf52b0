import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const WIDGET = 'pitwall.records.widget';
const OWN = 'pitwall.records.widget-own';
const RANK = 'pitwall.records.widget-rank';

/** The label beside the player's own row: its text and where it sits (the own row's height). */
const mark = (login: string) => {
  const page = core!.ui.page(login, RANK);
  if (!page) return undefined;
  const label = page.elements.find((element) => element.tag === 'label')!;
  return { text: label.attributes.text, pos: label.attributes.pos, colour: label.attributes.textcolor };
};

it("the player's own row shows their server rank, updated when a finish moves it; no rank, nothing", async () => {
  core = await startTestCore({ apps: ['records'], settings: { APP_SETTINGS: { records: { widgetTop: 1, widgetBefore: 1, widgetAfter: 1 } } } });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await core.join('zoe', 'Zoé', { language: 'fr' });
  await core.join('cleo', 'Cleo');
  await core.finish('ben', 20_000);
  await core.finish('anna', 21_000);
  await core.finish('zoe', 22_000);

  // One map with records: the server rank is the rank there. anna is 2nd: her own line under the top row.
  await core.ui.waitForPage('anna', RANK, (page) => page.texts[0] === 'Server rank 2');
  assert.deepEqual(core.ui.page('anna', OWN)!.texts, ['2.', 'Anna', '0:21.000']);
  assert.deepEqual(mark('anna'), { text: 'Server rank 2', pos: '-1 -13', colour: 'aaa' });
  assert.equal(XMLValidator.validate(core.ui.page('anna', RANK)!.xml), true);
  // ben holds the record: beside the top row.
  await core.ui.waitForPage('ben', RANK, (page) => page.texts[0] === 'Server rank 1');
  assert.deepEqual(mark('ben'), { text: 'Server rank 1', pos: '-1 -9', colour: 'aaa' });
  // In the player's language; zoe is 3rd: her own line sits under the top row and the row before hers.
  await core.ui.waitForPage('zoe', RANK, (page) => page.texts[0] === 'Rang serveur 3');
  assert.deepEqual(mark('zoe'), { text: 'Rang serveur 3', pos: '-1 -17', colour: 'aaa' });
  // cleo has no time, so no server rank: nothing beside any row.
  assert.equal(core.ui.page('cleo', RANK), undefined);

  // anna takes the record: her server rank is 1 beside the top row, ben's 2 beside his own line now.
  await core.finish('anna', 19_000);
  await core.ui.waitForPage('anna', RANK, (page) => page.texts[0] === 'Server rank 1');
  assert.deepEqual(mark('anna'), { text: 'Server rank 1', pos: '-1 -9', colour: 'aaa' });
  assert.deepEqual(core.ui.page('anna', WIDGET)!.texts, ['Records', '1.', 'Anna', '0:19.000']);
  assert.equal(core.ui.page('anna', OWN), undefined);
  await core.ui.waitForPage('ben', RANK, (page) => page.texts[0] === 'Server rank 2');
  assert.deepEqual(mark('ben'), { text: 'Server rank 2', pos: '-1 -13', colour: 'aaa' });
  assert.deepEqual(core.ui.page('ben', OWN)!.texts, ['2.', 'Ben', '0:20.000']);
  assert.equal(mark('zoe')!.text, 'Rang serveur 3');
  assert.equal(core.ui.page('cleo', RANK), undefined);

  // Part of the records widget in /hud: hidden with it.
  await core.chat('anna', '/hud');
  await core.ui.waitForPage('anna', 'pitwall.core.hud');
  assert.equal(await core.ui.click('anna', 'hud-pitwall.records.widget'), 'ran');
  await core.ui.waitForPage('anna', 'pitwall.core.hud', (page) => page.texts[3] === 'hidden');
  assert.equal(core.ui.page('anna', RANK), undefined);
  assert.notEqual(core.ui.page('ben', RANK), undefined);
  assert.deepEqual(core.errors, []);
});

it('the widget moves at a finish before the database answers, and follows the database when a controller sharing it stored a better time first', async () => {
  core = await startTestCore({ apps: ['records'], settings: { APP_SETTINGS: { records: { widgetTop: 2 } } } });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await core.finish('ben', 30_000);
  await core.finish('anna', 31_000);
  await core.ui.waitForPage('anna', WIDGET, (page) => page.texts.join(' ') === 'Records 1. Ben 0:30.000 2. Anna 0:31.000');
  // Another controller sharing the database stores anna's 0:25.000 there; this one has not read it.
  const table = core.runtime.database.namespace('app_records', "app 'records'") as import('../../core/index.js').Kysely<import('../../apps/records/store.js').RecordsTables>;
  await table.updateTable('records').set({ time: 25_000 }).where('login', '=', 'anna').execute();
  // anna's 0:29.000 beats her time in memory but not the database's: the database keeps 0:25.000, and so
  // does the widget once it knows (no 0:29.000 is left on it, though it may show for a moment).
  await core.finish('anna', 29_000);
  await core.ui.waitForPage('ben', WIDGET, (page) => page.texts.join(' ') === 'Records 1. Anna 0:25.000 2. Ben 0:30.000');
  assert.deepEqual(await table.selectFrom('records').select(['login', 'time']).orderBy('time').execute(), [
    { login: 'anna', time: 25_000 },
    { login: 'ben', time: 30_000 },
  ]);
  await core.chat('anna', '/pb');
  await core.waitForChat(/^Your best on Sandbox Sprint: 0:25.000, rank 1 of 2\./);
});
