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
  assert.deepEqual(core.sandbox.chatLog, [{ text: 'Welcome to Pitwall Sandbox, $f80Anna$z!' }]);
});

it('greets privately with the owner\'s message when configured', async () => {
  core = await startTestCore({ apps: ['welcome'], settings: { APP_SETTINGS: { welcome: { message: 'Hi {login}', privately: true } } } });
  core.sandbox.playerJoin('ben', 'Ben');
  await core.waitFor(() => core!.sandbox.chatLog.length === 1, 'the greeting');
  assert.deepEqual(core.sandbox.chatLog, [{ text: 'Hi ben', to: ['ben'] }]);
});

it('resets formatting after a formatted nickname and never passes on its link', async () => {
  core = await startTestCore({ apps: ['welcome'] });
  await core.join('bob', '$l[http://x]$o$F00Bob$z$$');
  await core.join('wide', '$wWide$gName');
  await core.waitFor(() => core!.sandbox.chatLog.length === 2, 'two greetings');
  assert.deepEqual(
    core.sandbox.chatLog.map((chat) => chat.text),
    ['Welcome to Pitwall Sandbox, $o$F00Bob$z$$$z!', 'Welcome to Pitwall Sandbox, $wWide$gName$z!'],
  );
});
