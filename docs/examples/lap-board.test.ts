import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { startTestCore, type TestCore } from 'pitwall/testing';
import lapBoard from './lap-board.js';

let core: TestCore;
before(async () => {
  // 'boss' is a master admin from the start, as if listed in the owner's ADMINS.
  core = await startTestCore({ apps: [lapBoard], settings: { ADMINS: ['boss'] } });
  await core.join('anna', 'Anna');
  await core.join('bert', 'Bert');
  await core.join('boss', 'The Boss');
});
after(() => core.stop());

it('lists the lap counts in a window, and only admins may clear them', async () => {
  await core.finish('anna', 41_200);
  await core.finish('anna', 40_900);
  await core.finish('bert', 42_000);
  await core.chat('anna', '/laps');
  // The window is sent after the command returns: wait for it to be on anna's screen.
  const board = await core.ui.waitForPage('anna', 'pitwall.lap-board.board');
  assert.deepEqual(board.texts, ['Laps this map', 'Close', 'Player', 'Laps', 'anna', '2', 'bert', '1', 'Page 1 / 1']);

  await core.chat('boss', '//laps-reset');
  await core.waitForChat('Lap counts cleared by boss.');
  await core.chat('bert', '//laps-reset');
  await core.waitForChat('You are not allowed to use //laps-reset.');
  // Granted admin in game (as //admin add bert admin would), bert may.
  await core.grant('bert', 'admin');
  await core.chat('bert', '//laps-reset');
  await core.waitForChat('Lap counts cleared by bert.');
  await core.ui.click('anna', 'list-close');
  assert.equal(core.ui.page('anna', 'pitwall.lap-board.board'), undefined);
  assert.deepEqual(core.errors, []);
});
