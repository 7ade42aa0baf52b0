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
const NEAR = 'pitwall.records.widget-near';
const CHECKPOINTS = 'pitwall.records.checkpoints';

/** Six finishes on the sandbox's first map (4 checkpoints, each run split in five equal parts): anna is 4th. */
async function sixFinishes(core: TestCore): Promise<void> {
  await core.join('anna', 'Anna');
  for (const [login, time] of [['p1', 20_000], ['p2', 20_500], ['p3', 21_000], ['anna', 21_500], ['p4', 22_000], ['p5', 23_000]] as const) {
    if (login !== 'anna') await core.join(login, login.toUpperCase());
    await core.finish(login, time);
  }
}

// PyPlanet's local records widget pins the top rows and then shows the rows around the player, their own
// highlighted (PyPlanet pyplanet/apps/contrib/local_records/views.py, TimesWidgetView's top_entries).
it('the records widget pins the top rows, shows the rows around the player and marks each row faster or slower', async () => {
  core = await startTestCore({ apps: ['records'], settings: { APP_SETTINGS: { records: { widgetTop: 2, widgetBefore: 1, widgetAfter: 1 } } } });
  await sixFinishes(core);
  const near = await core.ui.waitForPage('anna', NEAR, (page) => page.texts.includes('5.'));
  assert.equal(XMLValidator.validate(near.xml), true);
  // Marks on the two top rows (drawn on the shared page), then the row above anna and the one below, each with its gap.
  assert.deepEqual(near.texts, ['-1.500', '-1.000', '3.', 'P3', '0:21.000', '-0.500', '5.', 'P4', '0:22.000', '+0.500']);
  assert.deepEqual(core.ui.page('anna', OWN)!.texts, ['4.', 'Anna', '0:21.500']);
  assert.deepEqual(core.ui.page('anna', WIDGET)!.texts, ['Records', '1.', 'P1', '0:20.000', '2.', 'P2', '0:20.500']);
  // Faster rows red, slower green.
  assert.match(near.xml, /textcolor="f66" text="-1\.500"/);
  assert.match(near.xml, /textcolor="6c6" text="\+0\.500"/);

  // p1 holds the record: their row is banded, the other top row marked; nothing around it to draw.
  const first = await core.ui.waitForPage('p1', NEAR);
  assert.deepEqual(first.texts, ['+0.500']);
  assert.match(first.xml, /bgcolor="fc33"/);
  assert.equal(core.ui.page('p1', OWN), undefined);
  // p5 is last: the row above, none below.
  assert.deepEqual((await core.ui.waitForPage('p5', NEAR)).texts, ['-3.000', '-2.500', '5.', 'P4', '0:22.000', '-1.000']);
  assert.deepEqual(core.errors, []);
});

it("clicking a row shows that record's checkpoint times beside the player's own, each coloured better or worse", async () => {
  core = await startTestCore({ apps: ['records'], settings: { APP_SETTINGS: { records: { widgetTop: 2, widgetBefore: 1, widgetAfter: 1 } } } });
  await sixFinishes(core);
  await core.ui.waitForPage('anna', NEAR, (page) => page.texts.includes('5.'));

  // The record (a top row, on the page everyone shares): anna is behind it at each checkpoint.
  assert.equal(await core.ui.click('anna', 'records-row-1'), 'ran');
  let window = await core.ui.waitForPage('anna', CHECKPOINTS);
  assert.equal(XMLValidator.validate(window.xml), true);
  assert.deepEqual(window.texts.slice(0, 26), [
    '1. P1$z: checkpoints', 'Close', 'CP', '#1', 'You', 'Gap',
    '1', '0:04.000', '$f660:04.300', '$f66+0.300',
    '2', '0:08.000', '$f660:08.600', '$f66+0.600',
    '3', '0:12.000', '$f660:12.900', '$f66+0.900',
    '4', '0:16.000', '$f660:17.200', '$f66+1.200',
    'Finish', '0:20.000', '$f660:21.500', '$f66+1.500',
  ]);
  assert.equal(core.ui.page('p1', CHECKPOINTS), undefined, "the window is anna's only");

  // The row below her (on her own page): she is ahead of it everywhere.
  assert.equal(await core.ui.click('anna', 'records-row-5'), 'ran');
  window = await core.ui.waitForPage('anna', CHECKPOINTS, (page) => page.texts[0] === '5. P4$z: checkpoints');
  assert.deepEqual(window.texts.slice(6, 10), ['1', '0:04.400', '$6c60:04.300', '$6c6-0.100']);
  assert.deepEqual(window.texts.slice(22, 26), ['Finish', '0:22.000', '$6c60:21.500', '$6c6-0.500']);
  assert.deepEqual(core.errors, []);
});

it('/pb tells the player their best on this map, its rank and its checkpoints, in their language', async () => {
  core = await startTestCore({ apps: ['records'] });
  await sixFinishes(core);
  await core.chat('anna', '/pb');
  await core.waitForChat('Your best on Sandbox Sprint: 0:21.500, rank 4 of 6. Checkpoints: 0:04.300 0:08.600 0:12.900 0:17.200');
  await core.join('zoe', 'Zoé', { language: 'fr' });
  await core.chat('zoe', '/pb');
  await core.waitForChat("Vous n'avez pas encore de temps sur Sandbox Sprint : finissez une course pour en avoir un.");
  await core.join('jan', 'Jan', { language: 'de' });
  await core.chat('jan', '/pb');
  await core.waitForChat('Du hast noch keine Zeit auf Sandbox Sprint: beende eine Runde, um eine zu setzen.');
  assert.deepEqual(core.errors, []);
});
