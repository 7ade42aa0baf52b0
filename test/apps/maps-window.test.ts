import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore | undefined;
afterEach(async () => {
  await core?.stop();
  core = undefined;
});

async function command(login: string, text: string, answer: string): Promise<void> {
  const before = core!.chatLog.length;
  core!.sandbox.playerChat(login, text);
  await core!.waitFor(() => core!.chatLog.slice(before).some((chat) => chat.text === answer), `the answer '${answer}'; got ${JSON.stringify(core!.chatLog.slice(before).map((chat) => chat.text))}`);
}

const window = (login: string) => core!.ui.page(login, 'pitwall.maps.list');
/** The map names of the window's rows, top to bottom (each row's name is the element that queues it). */
const names = (login: string): string[] => window(login)!.elements.filter((element) => element.attributes.id?.startsWith('queue-')).map((element) => element.attributes.text!);
/** The texts of one row: number, name, author, then the karma, record and own-time columns. */
const rowOf = (login: string, name: string): string[] => {
  const texts = window(login)!.texts;
  const at = texts.indexOf(name);
  return texts.slice(at - 1, at + 5);
};

it('/maps <words> searches names, authors and environments with formatting ignored; the window shows karma, record and your time', async () => {
  core = await startTestCore({ apps: ['maps', 'karma', 'records'], settings: { COMMAND_RATE_LIMIT: { count: 200, seconds: 10 } } });
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await core.finish('anna', 50_123);
  await core.finish('ben', 49_000);
  await command('anna', '++', `Your ++ for Sandbox Sprint is counted. Karma: +1 (1 vote: 1 ++).`);
  await command('ben', '+++', `Your +++ for Sandbox Sprint is counted. Karma: +3 (2 votes: 1 +++, 1 ++).`);

  await command('anna', '/maps $oICE', "Maps matching 'ICE' (page 1/1): 3. Sandbox Ice");
  await core.waitFor(() => window('anna') !== undefined, 'the window');
  assert.equal(window('anna')!.texts[0], "Maps matching 'ICE'");
  assert.deepEqual(names('anna'), ['Sandbox Ice']);
  await command('anna', '/maps stadium sprint', "Maps matching 'stadium sprint' (page 1/1): 1. Sandbox Sprint");
  await core.waitFor(() => names('anna').join() === 'Sandbox Sprint', 'the search by environment and name');
  assert.deepEqual(rowOf('anna', 'Sandbox Sprint'), ['1.', 'Sandbox Sprint', 'pitwall', '+3', '0:49.000', '0:50.123']);
  await command('anna', '/maps nothing-like-it', "No map matches 'nothing-like-it'.");

  await command('ben', '/maps', 'Maps (page 1/1): 1. Sandbox Sprint | 2. Sandbox Loops | 3. Sandbox Ice | 4. Sandbox Dirt');
  await core.waitFor(() => window('ben') !== undefined, "ben's window");
  assert.deepEqual(names('ben'), ['Sandbox Sprint', 'Sandbox Loops', 'Sandbox Ice', 'Sandbox Dirt'], 'in play order by default');
  assert.deepEqual(rowOf('ben', 'Sandbox Ice'), ['3.', 'Sandbox Ice', 'pitwall', '-', '-', '-']);
  assert.equal(await core.ui.click('ben', 'sort-name'), 'ran');
  await core.waitFor(() => names('ben')[0] === 'Sandbox Dirt', 'sorted by name');
  assert.deepEqual(names('ben'), ['Sandbox Dirt', 'Sandbox Ice', 'Sandbox Loops', 'Sandbox Sprint']);
  assert.equal(await core.ui.click('ben', 'sort-karma'), 'ran');
  await core.waitFor(() => names('ben')[0] === 'Sandbox Sprint', 'the voted map first');
  assert.deepEqual(names('ben'), ['Sandbox Sprint', 'Sandbox Loops', 'Sandbox Ice', 'Sandbox Dirt'], 'then the maps without votes, in play order');
  assert.equal(await core.ui.click('ben', 'sort-newest'), 'ran');
  await core.waitFor(() => names('ben')[0] === 'Sandbox Dirt', 'newest first');
  assert.deepEqual(names('ben'), ['Sandbox Dirt', 'Sandbox Ice', 'Sandbox Loops', 'Sandbox Sprint'], 'the last added is the newest');
  assert.equal(await core.ui.click('ben', 'sort-own'), 'ran');
  await core.waitFor(() => names('ben')[0] === 'Sandbox Sprint', "ben's driven map first");
  assert.deepEqual(names('ben'), ['Sandbox Sprint', 'Sandbox Loops', 'Sandbox Ice', 'Sandbox Dirt'], 'then the maps he has not driven, in play order');
  assert.equal(window('anna')!.texts[0], "Maps matching 'stadium sprint'", "each player's window is their own");
});

it('without karma and records the window has no such columns; a click on a map queues it', async () => {
  core = await startTestCore({ apps: ['maps'], settings: { COMMAND_RATE_LIMIT: { count: 200, seconds: 10 } } });
  await core.join('anna', 'Anna');
  await command('anna', '/maps', 'Maps (page 1/1): 1. Sandbox Sprint | 2. Sandbox Loops | 3. Sandbox Ice | 4. Sandbox Dirt');
  await core.waitFor(() => window('anna') !== undefined, 'the window');
  const texts = window('anna')!.texts;
  assert.deepEqual(texts.slice(texts.indexOf('#'), texts.indexOf('#') + 3), ['#', 'Map', 'Author']);
  assert.equal(texts.includes('Karma') || texts.includes('Record') || texts.includes('Your time'), false);
  assert.equal(window('anna')!.elements.some((element) => element.attributes.id?.startsWith('remove-')), false, 'players get no Remove');

  const announced = core.waitForChat('Anna added Sandbox Ice to the jukebox (#1).');
  assert.equal(await core.ui.click('anna', 'queue-3'), 'ran');
  await announced;
  const refused = core.waitForChat('You already have a map in the jukebox (the limit); /jukebox drop removes yours.');
  assert.equal(await core.ui.click('anna', 'queue-4'), 'ran');
  assert.deepEqual((await refused).to, ['anna']);
});

it('an admin removes a map from the window after confirming it', async () => {
  core = await startTestCore({ apps: ['maps'], settings: { ADMINS: ['boss'], COMMAND_RATE_LIMIT: { count: 200, seconds: 10 } } });
  await core.join('boss', 'Boss');
  await command('boss', '/maps', 'Maps (page 1/1): 1. Sandbox Sprint | 2. Sandbox Loops | 3. Sandbox Ice | 4. Sandbox Dirt');
  await core.waitFor(() => window('boss') !== undefined, 'the window');
  const confirm = () => core!.ui.page('boss', 'pitwall.maps.confirm');
  assert.equal(await core.ui.click('boss', 'remove-4'), 'ran');
  await core.waitFor(() => confirm() !== undefined, 'the question');
  assert.deepEqual(confirm()!.texts, ['Remove Sandbox Dirt from the server?', 'Remove', 'Cancel']);
  assert.equal(await core.ui.click('boss', 'confirm-no'), 'ran');
  await core.waitFor(() => confirm() === undefined, 'the question closed');
  assert.equal(names('boss').length, 4, 'nothing removed');

  assert.equal(await core.ui.click('boss', 'remove-4'), 'ran');
  await core.waitFor(() => confirm() !== undefined, 'the question again');
  const removed = core.waitForChat('Removed Sandbox Dirt from the maps.');
  assert.equal(await core.ui.click('boss', 'confirm-yes'), 'ran');
  await removed;
  await core.waitFor(() => names('boss').length === 3, 'the window without the map');
  assert.deepEqual(names('boss'), ['Sandbox Sprint', 'Sandbox Loops', 'Sandbox Ice']);
});
