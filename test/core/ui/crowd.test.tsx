import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import type { AppContext } from 'pitwall';
import { CrowdState } from '../../../core/ui/crowd.js';
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

/** Whether each count in turn switched the state, and the state after it: `41:on` switched to crowded, `40:-` did not switch. */
function switches(state: CrowdState, counts: number[]): string[] {
  return counts.map((players) => `${players}:${state.count(players) ? (state.crowded ? 'on' : 'off') : '-'}`);
}

it('the lower mark is the setting less a tenth of it rounded down, at least 2 less, never under 0', () => {
  const marks = [0, 1, 2, 3, 4, 10, 19, 20, 29, 40, 45, 100, 10_000].map((limit) => `${limit}:${new CrowdState(limit).lowerMark}`);
  assert.deepEqual(marks, ['0:0', '1:0', '2:0', '3:1', '4:2', '10:8', '19:17', '20:18', '29:27', '40:36', '45:41', '100:90', '10000:9000']);
  assert.equal(new CrowdState(undefined).lowerMark, undefined);
});

it('crowded past the setting, still crowded down to just above the lower mark, not crowded at it', () => {
  const state = new CrowdState(40);
  assert.deepEqual(switches(state, [39, 40, 41]), ['39:-', '40:-', '41:on']);
  assert.equal(state.crowded, true);
  assert.deepEqual(switches(state, [42, 41, 40, 39, 38, 37]), ['42:-', '41:-', '40:-', '39:-', '38:-', '37:-']);
  assert.equal(state.crowded, true);
  assert.deepEqual(switches(state, [36]), ['36:off']);
  assert.equal(state.crowded, false);
  // Back up from the lower mark: not crowded again until past the setting.
  assert.deepEqual(switches(state, [37, 38, 39, 40, 41]), ['37:-', '38:-', '39:-', '40:-', '41:on']);
  // A jump over the whole margin in one count switches once.
  assert.deepEqual(switches(state, [12, 60, 36]), ['12:off', '60:on', '36:off']);
});

it('a count oscillating by one or two around the setting switches once', () => {
  const byOne = new CrowdState(40);
  assert.deepEqual(switches(byOne, [40, 41, 40, 41, 40, 41, 40]), ['40:-', '41:on', '40:-', '41:-', '40:-', '41:-', '40:-']);
  const byTwo = new CrowdState(40);
  assert.deepEqual(switches(byTwo, [39, 41, 39, 42, 38, 42, 38, 41]), ['39:-', '41:on', '39:-', '42:-', '38:-', '42:-', '38:-', '41:-']);
  // Around the lower mark, once no longer crowded: no switch either.
  assert.deepEqual(switches(byTwo, [36, 37, 36, 38, 36]), ['36:off', '37:-', '36:-', '38:-', '36:-']);
});

it('a setting of 0 is crowded from the first player to the last; without a setting the server is never crowded', () => {
  const zero = new CrowdState(0);
  assert.deepEqual(switches(zero, [0, 1, 2, 1, 0, 1]), ['0:-', '1:on', '2:-', '1:-', '0:off', '1:on']);
  const none = new CrowdState(undefined);
  assert.deepEqual(switches(none, [0, 1, 10_000, 0]), ['0:-', '1:-', '10000:-', '0:-']);
  assert.equal(none.crowded, false);
});

// SendDisplayManialinkPage shows one page to every connected player in one call, where
// SendDisplayManialinkPageToLogin needs one call a player (the dedicated server's XML-RPC method list,
// system.methodHelp, as maniaplanet/dedicated-server-api's Connection::sendDisplayManialinkPage wraps both).
it('past UI_CROWD_PLAYERS a page drawn two ways shows its shared page to everyone, in one call, and per player again once the count is back down to the lower mark', async () => {
  const demo = uiApp('demo');
  // 3 players: per player again at 1 (3 less at least 2).
  core = await startTestCore({ apps: [demo.app], settings: { UI_CROWD_PLAYERS: 3 } });
  for (const login of ['anna', 'ben', 'cleo']) await core.join(login);
  assert.equal(demo.ctx().ui.crowded, false);
  await demo.ctx().ui.show('hello', { perPlayer: (login) => <label text={`Hello ${login}`} />, shared: <label text="Hello everyone" /> });
  assert.deepEqual(texts('anna'), ['Hello anna']);
  assert.deepEqual(texts('ben'), ['Hello ben']);

  // A fourth player: past the setting, every player's page is the shared one.
  await core.join('dan');
  await core.ui.waitForPage('dan', PAGE, (page) => page.texts[0] === 'Hello everyone');
  assert.equal(demo.ctx().ui.crowded, true);
  for (const login of ['anna', 'ben', 'cleo']) assert.deepEqual(texts(login), ['Hello everyone'], login);
  assert.equal(core.ui.page('anna', PAGE)!.xml, core.ui.page('dan', PAGE)!.xml);

  // Drawn again while crowded: one call for everyone.
  const before = core.sandbox.calls.length;
  await demo.ctx().ui.show('hello', { perPlayer: (login) => <label text={`Hi ${login}`} />, shared: <label text="Hi everyone" /> });
  assert.deepEqual(core.sandbox.calls.slice(before).map((call) => call.method), ['SendDisplayManialinkPage']);
  for (const login of ['anna', 'ben', 'cleo', 'dan']) assert.deepEqual(texts(login), ['Hi everyone']);
  // Shown to one player, a two-way page is their shared page too; a null shared page is nothing.
  await demo.ctx().ui.show('own', { perPlayer: <label text="Only yours" />, shared: null }, { to: 'anna' });
  assert.equal(core.ui.page('anna', 'pitwall.demo.own'), undefined);

  // Back at the setting and under it, still crowded; at the lower mark anna gets her own page again.
  await core.leave('dan');
  await core.leave('cleo');
  assert.equal(demo.ctx().ui.crowded, true);
  await core.leave('ben');
  await core.ui.waitForPage('anna', PAGE, (page) => page.texts[0] === 'Hi anna');
  assert.equal(demo.ctx().ui.crowded, false);
  // A player joining under the setting gets their own page from the content last shown.
  await core.join('ben');
  await core.ui.waitForPage('ben', PAGE, (page) => page.texts[0] === 'Hi ben');
  assert.deepEqual(texts('anna'), ['Hi anna']);
  assert.deepEqual(core.errors, []);
});

/** The ManiaLink calls the sandbox took since call number `from`, as `<login or everyone> <first label>`. */
function manialinkCalls(from: number): string[] {
  return core!.sandbox.calls.slice(from).filter((call) => call.method.includes('Manialink')).map((call) => {
    const login = call.method === 'SendDisplayManialinkPageToLogin' ? String(call.params[0]) : call.method === 'SendDisplayManialinkPage' ? 'everyone' : call.method;
    const xml = String(call.params.find((param) => typeof param === 'string' && param.startsWith('<')) ?? '');
    return `${login} ${/text="([^"]*)"/.exec(xml)?.[1] ?? ''}`;
  });
}

it('a count going up and down by one or two around UI_CROWD_PLAYERS switches the pages once each way, and a join or leave inside the margin sends only the joining player their page', async () => {
  const demo = uiApp('demo');
  // 4 players: crowded at 5, per player again at 2.
  core = await startTestCore({ apps: [demo.app], settings: { UI_CROWD_PLAYERS: 4 } });
  for (const login of ['anna', 'ben', 'cleo', 'dan']) await core.join(login);
  await demo.ctx().ui.show('hello', { perPlayer: (login) => <label text={`Hello ${login}`} />, shared: <label text="Hello everyone" /> });
  // One connection, answered in order: once this call is answered, every call sent before it has been taken.
  const settled = () => core!.runtime.server.call('GetVersion');
  const join = async (login: string, text: string) => {
    await core!.join(login);
    await core!.ui.waitForPage(login, PAGE, (page) => page.texts[0] === text);
  };

  // Past the setting: the four on screen switch to the shared page, then the fifth gets it.
  let from = core.sandbox.calls.length;
  await join('eve', 'Hello everyone');
  assert.deepEqual(manialinkCalls(from), ['anna Hello everyone', 'ben Hello everyone', 'cleo Hello everyone', 'dan Hello everyone', 'eve Hello everyone']);

  // Down to the setting and one under it, up past it again, three times: no switch, one call a join.
  from = core.sandbox.calls.length;
  for (let round = 0; round < 3; round++) {
    await core.leave('eve');
    await core.leave('dan');
    assert.equal(demo.ctx().ui.crowded, true);
    await join('dan', 'Hello everyone');
    await join('eve', 'Hello everyone');
  }
  await settled();
  assert.deepEqual(manialinkCalls(from), ['dan Hello everyone', 'eve Hello everyone', 'dan Hello everyone', 'eve Hello everyone', 'dan Hello everyone', 'eve Hello everyone']);

  // Down to the lower mark: the two left switch to their own page, once.
  from = core.sandbox.calls.length;
  await core.leave('eve');
  await core.leave('dan');
  await core.leave('cleo');
  await core.ui.waitForPage('ben', PAGE, (page) => page.texts[0] === 'Hello ben');
  await settled();
  assert.equal(demo.ctx().ui.crowded, false);
  assert.deepEqual(manialinkCalls(from), ['anna Hello anna', 'ben Hello ben']);

  // Up and down by one or two at the lower mark, up to the setting: no switch, one call a join.
  from = core.sandbox.calls.length;
  for (let round = 0; round < 3; round++) {
    await join('cleo', 'Hello cleo');
    await join('dan', 'Hello dan');
    assert.equal(demo.ctx().ui.crowded, false);
    await core.leave('dan');
    await core.leave('cleo');
  }
  await settled();
  assert.deepEqual(manialinkCalls(from), ['cleo Hello cleo', 'dan Hello dan', 'cleo Hello cleo', 'dan Hello dan', 'cleo Hello cleo', 'dan Hello dan']);
  assert.deepEqual(texts('anna'), ['Hello anna']);
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
      'Fix: set UI_CROWD_PLAYERS to a whole number of players from 0 to 10000 (past it, widgets show one shared page for everyone until the count is back down to it less a tenth, at least 2 less).',
  });
});
