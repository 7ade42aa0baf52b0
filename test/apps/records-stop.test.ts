import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

it('records stopped right after a player joins reports nothing: the late language lookup draws no widget', async () => {
  core = await startTestCore({ apps: ['records'], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.chat('boss', '//app stop records');
  await core.waitForChat("App 'records' stopped.");
  await core.chat('boss', '//app start records');
  await core.waitForChat("App 'records' started.");
  await core.ui.waitForPage('boss', 'pitwall.records.widget', (page) => page.texts.includes('Records'));
  assert.deepEqual(core.errors, []);
  assert.equal(core.state('records'), 'RUNNING');
});
