import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const WIDGET = 'pitwall.records.widget';
const PER_PLAYER = ['pitwall.records.widget-own', 'pitwall.records.widget-near', 'pitwall.records.widget-rank'];
const texts = (login: string, id = WIDGET): string[] | undefined => core!.ui.page(login, id)?.texts;
const perPlayerPages = (login: string): string[] => PER_PLAYER.filter((id) => core!.ui.page(login, id) !== undefined);

// SendDisplayManialinkPage shows one page to every connected player in one call (the dedicated server's
// XML-RPC method list, system.methodHelp; maniaplanet/dedicated-server-api's Connection::sendDisplayManialinkPage).
it("past UI_CROWD_PLAYERS the records widget is one shared page for everyone, and each player's own rows again once leaves bring the count down to the lower mark", async () => {
  core = await startTestCore({ apps: ['records'], settings: { UI_CROWD_PLAYERS: 3, APP_SETTINGS: { records: { widgetTop: 1, widgetBefore: 1, widgetAfter: 1 } } } });
  for (const [login, nick] of [['anna', 'Anna'], ['ben', 'Ben'], ['cleo', 'Cleo']]) await core.join(login!, nick);
  await core.finish('ben', 20_000);
  await core.finish('anna', 21_000);
  await core.finish('cleo', 22_000);

  // Three players, not past the setting: the top row for everyone, each player's own line and rows around it.
  await core.ui.waitForPage('cleo', 'pitwall.records.widget-own', (page) => page.texts.join(' ') === '3. Cleo 0:22.000');
  assert.deepEqual(texts('anna'), ['Records', '1.', 'Ben', '0:20.000']);
  assert.deepEqual(texts('anna', 'pitwall.records.widget-own'), ['2.', 'Anna', '0:21.000']);
  await core.ui.waitForPage('anna', 'pitwall.records.widget-near', (page) => page.texts.includes('Cleo'));
  assert.deepEqual(texts('anna', 'pitwall.records.widget-near'), ['-1.000', '3.', 'Cleo', '0:22.000', '+1.000']);
  await core.ui.waitForPage('ben', 'pitwall.records.widget-rank', (page) => page.texts[0] === 'Server rank 1');
  assert.deepEqual(perPlayerPages('ben'), ['pitwall.records.widget-near', 'pitwall.records.widget-rank']);

  // A fourth: every player, the new one too, sees the same page, the top rows filling the own rows' room.
  await core.join('dan', 'Dan');
  const shared = ['Records', '1.', 'Ben', '0:20.000', '2.', 'Anna', '0:21.000', '3.', 'Cleo', '0:22.000'];
  await core.ui.waitForPage('dan', WIDGET, (page) => page.texts.length === shared.length);
  for (const login of ['anna', 'ben', 'cleo', 'dan']) {
    assert.deepEqual(texts(login), shared, login);
    assert.deepEqual(perPlayerPages(login), [], login);
    assert.equal(core.ui.page(login, WIDGET)!.xml, core.ui.page('anna', WIDGET)!.xml);
  }

  // A finish while crowded: one call redraws it for everyone.
  const before = core.sandbox.calls.length;
  await core.finish('dan', 19_000);
  await core.ui.waitForPage('anna', WIDGET, (page) => page.texts[2] === 'Dan');
  const sends = core.sandbox.calls.slice(before).filter((call) => call.method.startsWith('SendDisplayManialinkPage') && String(call.params.at(-3)).includes(WIDGET));
  assert.deepEqual(sends.map((call) => call.method), ['SendDisplayManialinkPage']);
  for (const login of ['anna', 'ben', 'cleo', 'dan']) {
    assert.deepEqual(texts(login), ['Records', '1.', 'Dan', '0:19.000', '2.', 'Ben', '0:20.000', '3.', 'Anna', '0:21.000', '4.', 'Cleo', '0:22.000'], login);
    assert.deepEqual(perPlayerPages(login), [], login);
  }

  // Back to three and to two, inside the margin under the setting (3 players: per player again at 1): still
  // the shared page for everyone. One connection, answered in order: past this call, a switch would be on screen.
  await core.leave('dan');
  await core.leave('cleo');
  await core.runtime.server.call('GetVersion');
  const sharedNow = ['Records', '1.', 'Dan', '0:19.000', '2.', 'Ben', '0:20.000', '3.', 'Anna', '0:21.000', '4.', 'Cleo', '0:22.000'];
  for (const login of ['anna', 'ben']) {
    assert.deepEqual(texts(login), sharedNow, login);
    assert.deepEqual(perPlayerPages(login), [], login);
  }

  // Down to one: the player's own rows again, as the ranking stands now; so for those who join back under the setting.
  await core.leave('ben');
  await core.ui.waitForPage('anna', 'pitwall.records.widget-own', (page) => page.texts.join(' ') === '3. Anna 0:21.000');
  assert.deepEqual(texts('anna'), ['Records', '1.', 'Dan', '0:19.000']);
  await core.join('ben', 'Ben');
  await core.join('cleo', 'Cleo');
  await core.ui.waitForPage('ben', 'pitwall.records.widget-own', (page) => page.texts.join(' ') === '2. Ben 0:20.000');
  await core.ui.waitForPage('cleo', 'pitwall.records.widget-own', (page) => page.texts.join(' ') === '4. Cleo 0:22.000');
  assert.deepEqual(texts('cleo'), ['Records', '1.', 'Dan', '0:19.000']);
  assert.deepEqual(core.errors, []);
});
