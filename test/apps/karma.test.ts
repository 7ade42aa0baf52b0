import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { nameForChat } from '../../core/index.js';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

const mapName = (): string => nameForChat(core!.runtime.server.currentMap!.name);

/** The chat line sent to `login` only that comes after the `seen` lines already sent. */
async function replyTo(login: string, text: string): Promise<string> {
  const seen = core!.chatLog.length;
  await core!.chat(login, text);
  await core!.waitFor(() => core!.chatLog.slice(seen).some((line) => line.to?.includes(login)), `an answer to ${login}'s "${text}"`);
  return core!.chatLog.slice(seen).find((line) => line.to?.includes(login))!.text;
}

it('counts one vote per player and map from the chat, changeable, and /karma tells the score and your vote', async () => {
  core = await startTestCore({ apps: ['karma'] });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  const map = mapName();
  assert.equal(await replyTo('anna', '/karma'), `No votes for ${map} yet: type ++ or -- in the chat (+++ or --- for a strong opinion).`);
  assert.equal(await replyTo('anna', '++'), `Your ++ for ${map} is counted. Karma: +1 (1 vote: 1 ++).`);
  assert.equal(await replyTo('anna', ' ++ '), `You already voted ++ for ${map}.`);
  assert.equal(await replyTo('anna', '---'), `Your vote for ${map} is now --- (was ++). Karma: -2 (1 vote: 1 ---).`);
  assert.equal(await replyTo('ben', '+++'), `Your +++ for ${map} is counted. Karma: 0 (2 votes: 1 +++, 1 ---).`);
  assert.equal(await replyTo('anna', '/karma'), `Karma of ${map}: 0 (2 votes: 1 +++, 1 ---). Your vote: ---.`);

  const before = core.chatLog.length;
  await core.chat('ben', 'that was ++ fun');
  assert.equal(await replyTo('ben', '/karma'), `Karma of ${map}: 0 (2 votes: 1 +++, 1 ---). Your vote: +++.`, 'a vote is a line of its own');
  assert.equal(core.chatLog.length, before + 1);

  await core.nextMap();
  assert.equal(await replyTo('anna', '/karma'), `No votes for ${mapName()} yet: type ++ or -- in the chat (+++ or --- for a strong opinion).`, 'votes belong to their map');
});

it("the widget shows the map's score to everyone, and its buttons vote", async () => {
  core = await startTestCore({ apps: ['karma'] });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  const widget = (login: string) => core!.ui.page(login, 'pitwall.karma.widget');
  await core.waitFor(() => widget('anna')?.texts.includes('0 (0)') === true, "anna's widget");
  assert.deepEqual(widget('anna')!.texts, ['Karma', '0 (0)', '++', '--']);
  await core.waitFor(() => widget('ben') !== undefined, "ben's widget");

  assert.equal(await core.ui.click('ben', 'karma-down'), 'ran');
  await core.waitFor(() => widget('anna')?.texts.includes('-1 (1)') === true, 'the score after the click, on every screen');
  assert.equal(core.chatLog.at(-1)!.text, `Your -- for ${mapName()} is counted. Karma: -1 (1 vote: 1 --).`);
  assert.deepEqual(core.chatLog.at(-1)!.to, ['ben']);
});

it('the widget can be switched off', async () => {
  core = await startTestCore({ apps: ['karma'], settings: { APP_SETTINGS: { karma: { widget: false } } } });
  await core.join('anna', 'Anna');
  assert.equal(await replyTo('anna', '++'), `Your ++ for ${mapName()} is counted. Karma: +1 (1 vote: 1 ++).`);
  assert.equal(core.ui.page('anna', 'pitwall.karma.widget'), undefined);
});
