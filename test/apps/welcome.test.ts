import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

it('greets a joining player in the chat, by nickname and server name', async () => {
  core = await startTestCore({ apps: ['welcome'] });
  core.sandbox.playerJoin('anna', '$f80Anna');
  await core.waitFor(() => core!.sandbox.chatLog.length === 1, 'the greeting');
  assert.deepEqual(core.sandbox.chatLog, [{ text: 'Welcome to Pitwall Sandbox, $f80Anna!' }]);
});

it('greets privately with the owner\'s message when configured', async () => {
  core = await startTestCore({ apps: ['welcome'], settings: { APP_SETTINGS: { welcome: { message: 'Hi {login}', privately: true } } } });
  core.sandbox.playerJoin('ben', 'Ben');
  await core.waitFor(() => core!.sandbox.chatLog.length === 1, 'the greeting');
  assert.deepEqual(core.sandbox.chatLog, [{ text: 'Hi ben', to: ['ben'] }]);
});
