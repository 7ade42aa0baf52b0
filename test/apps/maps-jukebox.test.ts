import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { openTestDatabase, startTestCore, type TestCore } from '../helpers/core.js';

let cores: TestCore[] = [];
let shared: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
afterEach(async () => {
  for (const core of cores) await core.stop();
  cores = [];
  await shared?.close();
  shared = undefined;
});

async function startOn(database: Awaited<ReturnType<typeof openTestDatabase>>['database']): Promise<TestCore> {
  const core = await startTestCore({ apps: ['maps'], database, settings: { ADMINS: ['boss'], COMMAND_RATE_LIMIT: { count: 200, seconds: 10 } } });
  cores.push(core);
  return core;
}

async function command(core: TestCore, login: string, text: string, answer: string): Promise<void> {
  const before = core.chatLog.length;
  core.sandbox.playerChat(login, text);
  await core.waitFor(() => core.chatLog.slice(before).some((chat) => chat.text === answer), `the answer '${answer}'; got ${JSON.stringify(core.chatLog.slice(before).map((chat) => chat.text))}`);
}

it('the jukebox survives a controller restart, with who queued what, and plays on in order', async () => {
  shared = await openTestDatabase();
  const first = await startOn(shared.database);
  await first.join('anna', 'Anna');
  await first.join('ben', 'Ben');
  await command(first, 'anna', '/jukebox add 4', 'Anna added Sandbox Dirt to the jukebox (#1).');
  await command(first, 'ben', '/jukebox add 3', 'Ben added Sandbox Ice to the jukebox (#2).');
  await first.stop();
  cores = [];

  const second = await startOn(shared.database);
  await second.join('anna', 'Anna');
  await command(second, 'anna', '/jukebox list', 'Jukebox: 1. Sandbox Dirt (Anna) | 2. Sandbox Ice (Ben)');
  await command(second, 'anna', '/jukebox add 2', 'You already have a map in the jukebox (the limit); /jukebox drop removes yours.');
  await second.nextMap();
  assert.equal(second.runtime.server.currentMap?.name, 'Sandbox Dirt', 'the restored head of the queue is played next');
  await command(second, 'anna', '/jukebox', 'Jukebox: 1. Sandbox Ice (Ben)');
});

it('a queued map removed from the server leaves the jukebox, with a line to whoever queued it', async () => {
  shared = await openTestDatabase();
  const core = await startOn(shared.database);
  await core.join('boss', 'Boss');
  await core.join('ben', 'Ben');
  await command(core, 'ben', '/jukebox add 3', 'Ben added Sandbox Ice to the jukebox (#1).');
  const told = core.waitForChat('Sandbox Ice, which you put in the jukebox, is no longer on the server: it left the queue.');
  await command(core, 'boss', '//removemap 3', 'Removed Sandbox Ice from the maps.');
  assert.deepEqual((await told).to, ['ben']);
  await command(core, 'ben', '/jukebox', 'The jukebox is empty: /jukebox add <number> queues a map from /maps.');
  await core.stop();
  cores = [];

  const again = await startOn(shared.database);
  await again.join('ben', 'Ben');
  await command(again, 'ben', '/jukebox', 'The jukebox is empty: /jukebox add <number> queues a map from /maps.');
});

it('a map gone from the server while the controller was stopped leaves the restored queue', async () => {
  shared = await openTestDatabase();
  const first = await startOn(shared.database);
  await first.join('ben', 'Ben');
  await command(first, 'ben', '/jukebox add 4', 'Ben added Sandbox Dirt to the jukebox (#1).');
  await first.stop();
  cores = [];
  // Another run of the dedicated server, whose list no longer has that map: the stored queue names a uid it lacks.
  await shared.database
    .namespace('app_maps', "app 'maps'")
    .updateTable('jukebox' as never)
    .set({ map_uid: 'gone-uid', name: 'Old Map' } as never)
    .execute();
  const second = await startOn(shared.database);
  await second.waitFor(() => second.logs.some((entry) => entry.message === 'Old Map (queued by ben) left the jukebox: it is no longer on the server'), 'the log line');
  await second.join('ben', 'Ben');
  await command(second, 'ben', '/jukebox', 'The jukebox is empty: /jukebox add <number> queues a map from /maps.');
});

it('//jukebox clear empties the queue for operators and up, also after a restart; players may not', async () => {
  shared = await openTestDatabase();
  const core = await startOn(shared.database);
  await core.join('boss', 'Boss');
  await core.join('anna', 'Anna');
  await core.join('ben', 'Ben');
  await command(core, 'anna', '/jukebox add 4', 'Anna added Sandbox Dirt to the jukebox (#1).');
  await command(core, 'ben', '/jukebox add 3', 'Ben added Sandbox Ice to the jukebox (#2).');
  await command(core, 'anna', '/jukebox clear', 'You are not allowed to use //jukebox clear.');
  await command(core, 'boss', '//jukebox clear', 'An admin emptied the jukebox (2 maps).');
  assert.equal(core.chatLog.at(-1)!.to, undefined, 'everyone is told');
  await command(core, 'boss', '//jukebox clear', 'The jukebox is already empty.');
  await core.stop();
  cores = [];

  const again = await startOn(shared.database);
  await again.join('anna', 'Anna');
  await command(again, 'anna', '/jukebox', 'The jukebox is empty: /jukebox add <number> queues a map from /maps.');
});
