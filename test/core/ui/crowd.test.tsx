import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import type { AppContext } from 'pitwall';
import { startTestCore, testApp, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

/** An app whose ctx a test drives directly. */
function uiApp(id: string): { app: ReturnType<typeof testApp>; ctx: () => AppContext } {
  let captured: AppContext | undefined;
  return { app: testApp(id, { init: (ctx) => void (captured = ctx) }), ctx: () => captured! };
}

const PAGE = 'pitwall.demo.hello';
const texts = (login: string): string[] | undefined => core!.ui.page(login, PAGE)?.texts;

// SendDisplayManialinkPage shows one page to every connected player in one call, where
// SendDisplayManialinkPageToLogin needs one call a player (the dedicated server's XML-RPC method list,
// system.methodHelp, as maniaplanet/dedicated-server-api's Connection::sendDisplayManialinkPage wraps both).
it('past UI_CROWD_PLAYERS a page drawn two ways shows its shared page to everyone, in one call, and per player again when they leave', async () => {
  const demo = uiApp('demo');
  core = await startTestCore({ apps: [demo.app], settings: { UI_CROWD_PLAYERS: 2 } });
  await core.join('anna');
  await core.join('ben');
  assert.equal(demo.ctx().ui.crowded, false);
  await demo.ctx().ui.show('hello', { perPlayer: (login) => <label text={`Hello ${login}`} />, shared: <label text="Hello everyone" /> });
  assert.deepEqual(texts('anna'), ['Hello anna']);
  assert.deepEqual(texts('ben'), ['Hello ben']);

  // A third player: past the setting, every player's page is the shared one.
  await core.join('cleo');
  await core.ui.waitForPage('cleo', PAGE, (page) => page.texts[0] === 'Hello everyone');
  assert.equal(demo.ctx().ui.crowded, true);
  assert.deepEqual(texts('anna'), ['Hello everyone']);
  assert.deepEqual(texts('ben'), ['Hello everyone']);
  assert.equal(core.ui.page('anna', PAGE)!.xml, core.ui.page('cleo', PAGE)!.xml);

  // Drawn again while crowded: one call for everyone.
  const before = core.sandbox.calls.length;
  await demo.ctx().ui.show('hello', { perPlayer: (login) => <label text={`Hi ${login}`} />, shared: <label text="Hi everyone" /> });
  assert.deepEqual(core.sandbox.calls.slice(before).map((call) => call.method), ['SendDisplayManialinkPage']);
  for (const login of ['anna', 'ben', 'cleo']) assert.deepEqual(texts(login), ['Hi everyone']);
  // Shown to one player, a two-way page is their shared page too; a null shared page is nothing.
  await demo.ctx().ui.show('own', { perPlayer: <label text="Only yours" />, shared: null }, { to: 'anna' });
  assert.equal(core.ui.page('anna', 'pitwall.demo.own'), undefined);

  // Back to two players: each gets their own page again, from the content last shown.
  await core.leave('cleo');
  await core.ui.waitForPage('anna', PAGE, (page) => page.texts[0] === 'Hi anna');
  assert.equal(demo.ctx().ui.crowded, false);
  assert.deepEqual(texts('ben'), ['Hi ben']);
  assert.deepEqual(core.errors, []);
});

it('UI_CROWD_PLAYERS 0 draws every two-way page shared from the first player', async () => {
  const demo = uiApp('demo');
  core = await startTestCore({ apps: [demo.app], settings: { UI_CROWD_PLAYERS: 0 } });
  await core.join('anna');
  await demo.ctx().ui.show('hello', { perPlayer: (login) => <label text={`Hello ${login}`} />, shared: <label text="Hello everyone" /> });
  assert.deepEqual(texts('anna'), ['Hello everyone']);
  // A joining player gets the shared page too.
  await core.join('ben');
  await core.ui.waitForPage('ben', PAGE, (page) => page.texts[0] === 'Hello everyone');
});

it('a bad UI_CROWD_PLAYERS stops the start naming the key and the fix', async () => {
  await assert.rejects(startTestCore({ settings: { UI_CROWD_PLAYERS: -1 } }), {
    message:
      'Invalid settings (1 problem):\n  - UI_CROWD_PLAYERS = -1 (from settings/base.ts): must be at least 0. ' +
      'Fix: set UI_CROWD_PLAYERS to a whole number of players from 0 to 10000 (past it, widgets show one shared page for everyone).',
  });
});
