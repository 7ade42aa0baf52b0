import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;
afterEach(() => core.stop());

async function start(appSettings: Record<string, unknown> = {}, players = ['boss', 'anna', 'ben']): Promise<void> {
  core = await startTestCore({
    apps: ['maps'],
    settings: { ADMINS: ['boss'], APP_SETTINGS: { maps: appSettings }, COMMAND_RATE_LIMIT: { count: 200, seconds: 10 } },
  });
  for (const login of players) core.sandbox.playerJoin(login, login[0]!.toUpperCase() + login.slice(1));
  await core.waitFor(() => core.runtime.server.players.size === players.length, 'the players');
}

async function command(login: string, text: string, answer: string): Promise<void> {
  const before = core.chatLog.length;
  core.sandbox.playerChat(login, text);
  await core.waitFor(() => core.chatLog.slice(before).some((chat) => chat.text === answer), `the answer '${answer}'; got ${JSON.stringify(core.chatLog.slice(before).map((chat) => chat.text))}`);
}

const current = () => core.runtime.server.currentMap?.name;

it('/maps lists the server\'s maps page by page', async () => {
  await start({ pageSize: 3 });
  await command('anna', '/maps', 'Maps (page 1/2): 1. Sandbox Sprint | 2. Sandbox Loops | 3. Sandbox Ice - /maps 2 for more');
  await command('anna', '/maps 2', 'Maps (page 2/2): 4. Sandbox Dirt');
  // The same list as a window, for anna only, with paging buttons.
  const window = () => core.ui.page('anna', 'pitwall.maps.list');
  await core.waitFor(() => window()?.texts.includes('Page 2 / 2') === true, 'the maps window on page 2');
  assert.deepEqual(window()!.texts.slice(window()!.texts.indexOf('4.'), window()!.texts.indexOf('4.') + 2), ['4.', 'Sandbox Dirt']);
  assert.equal(core.ui.page('ben', 'pitwall.maps.list'), undefined);
  assert.equal(await core.ui.click('anna', 'list-previous'), 'ran');
  await core.waitFor(() => window()?.texts.includes('Page 1 / 2') === true, 'the first page after Previous');
  assert.ok(window()!.texts.includes('Sandbox Sprint') && !window()!.texts.includes('Sandbox Dirt'));
  await command('anna', '/maps 3', 'Wrong <page>: there are 2 pages of maps. Usage: /maps [words...]');
  await command('anna', '/maps 0', "Wrong <page>: expected a whole number of at least 1, got '0'. Usage: /maps [words...]");
  // A word that is not a number is a search.
  await command('anna', '/maps two', "No map matches 'two'.");
});

it('the jukebox plays queued maps in order at the end of each map, one entry per player', async () => {
  await start();
  await command('anna', '/jukebox', 'The jukebox is empty: /jukebox add <number> queues a map from /maps.');
  await command('anna', '/jukebox add 4', 'Anna added Sandbox Dirt to the jukebox (#1).');
  await command('anna', '/jukebox add 3', 'You already have a map in the jukebox (the limit); /jukebox drop removes yours.');
  await command('ben', '/jukebox add 4', 'Sandbox Dirt is already in the jukebox.');
  await command('ben', '/jukebox add 3', 'Ben added Sandbox Ice to the jukebox (#2).');
  await command('anna', '/jukebox list', 'Jukebox: 1. Sandbox Dirt (Anna) | 2. Sandbox Ice (Ben)');
  assert.equal(core.sandbox.world.nextMap.Name, 'Sandbox Dirt');
  await core.nextMap();
  assert.equal(current(), 'Sandbox Dirt');
  await core.waitForChat('Sandbox Dirt was asked for by Anna.');
  await core.waitFor(() => core.sandbox.world.nextMap.Name === 'Sandbox Ice', 'the second queued map chosen next');
  await core.nextMap();
  assert.equal(current(), 'Sandbox Ice');
  await command('anna', '/jukebox', 'The jukebox is empty: /jukebox add <number> queues a map from /maps.');
  // With nothing queued the server's own rotation goes on.
  await core.nextMap();
  assert.equal(current(), 'Sandbox Dirt');
});

it('/jukebox drop removes your entry; the per-player limit is a setting; bad input is answered', async () => {
  await start({ jukeboxPerPlayer: 2 });
  await command('anna', '/jukebox drop', 'You have no map in the jukebox.');
  await command('anna', '/jukebox add 2', 'Anna added Sandbox Loops to the jukebox (#1).');
  await command('anna', '/jukebox add 3', 'Anna added Sandbox Ice to the jukebox (#2).');
  await command('anna', '/jukebox add 4', 'You already have 2 maps in the jukebox (the limit); /jukebox drop removes yours.');
  await command('anna', '/jukebox drop', 'Sandbox Ice left the jukebox.');
  await command('anna', '/jukebox add 1', 'Sandbox Sprint is being played now; pick another map.');
  await command('anna', '/jukebox add 9', 'Wrong <map>: there is no map #9; the server has 4 (see /maps). Usage: /jukebox add <map>');
  await command('anna', '/jukebox add', 'Missing <map>: expected a whole number of at least 1. Usage: /jukebox add <map>');
  await command('anna', '/jukebox add x', "Wrong <map>: expected a whole number of at least 1, got 'x'. Usage: /jukebox add <map>");
  await command('anna', '/jukebox play 2', "Unknown sub-command 'play' of /jukebox: expected list, add or drop. Usage: /jukebox <list|add|drop>");
  await command('anna', '/jukebox list', 'Jukebox: 1. Sandbox Loops (Anna)');
});

it('a queued map removed from the server leaves the jukebox', async () => {
  await start();
  await command('anna', '/jukebox add 3', 'Anna added Sandbox Ice to the jukebox (#1).');
  await command('boss', '//removemap 3', 'Removed Sandbox Ice from the maps.');
  await command('anna', '/jukebox', 'The jukebox is empty: /jukebox add <number> queues a map from /maps.');
  assert.deepEqual(core.sandbox.world.maps.map((map) => map.Name), ['Sandbox Sprint', 'Sandbox Loops', 'Sandbox Dirt']);
});

it('admins restart, remove, add a map file and save the match settings; bad input changes nothing', async () => {
  await start();
  await command('anna', '//restart', 'You are not allowed to use //restart.');
  await command('anna', '//addmap Custom/Sandbox_Canyon.Map.Gbx', 'You are not allowed to use //addmap.');
  const beginMap = core.nextEvent('beginMap');
  await command('boss', '//restart', 'An admin restarted the map.');
  assert.equal((await beginMap).map.name, 'Sandbox Sprint');
  await command('boss', '//removemap 1', 'Sandbox Sprint is being played now: //skip first, then remove it.');
  await command('boss', '//removemap 7', 'Wrong <map>: there is no map #7; the server has 4 (see /maps). Usage: //removemap <map>');
  await command('boss', '//removemap', 'Missing <map>: expected a whole number of at least 1. Usage: //removemap <map>');
  await command('boss', '//addmap', 'Missing <file>: expected some text. Usage: //addmap <file...>');
  await command('boss', '//addmap ../../etc/passwd', "Wrong <file>: expected a path in the server's Maps folder ending in .Map.Gbx, e.g. Custom/MyMap.Map.Gbx. Usage: //addmap <file...>");
  await command('boss', '//addmap Custom/Nope.Map.Gbx', "The server could not add that map (Couldn't load 'Custom/Nope.Map.Gbx'.): check the path in its Maps folder, e.g. Custom/MyMap.Map.Gbx.");
  await command('boss', '//addmap Campaigns/Sandbox/Sandbox_Ice.Map.Gbx', 'That map is already in the list.');
  await command('boss', '//savematchsettings ../x.txt', "Wrong <file>: expected a .txt path in the server's Maps folder, e.g. MatchSettings/tracklist.txt. Usage: //savematchsettings [file]");
  assert.equal(core.sandbox.world.maps.length, 4);
  assert.equal(core.sandbox.world.matchSettingsFiles.size, 0);
  await command('boss', '//addmap Custom/Sandbox_Canyon.Map.Gbx', 'Added Sandbox Canyon as map #5.');
  await command('boss', '//removemap 2', 'Removed Sandbox Loops from the maps.');
  await command('boss', '//savematchsettings', 'Saved 4 maps to MatchSettings/tracklist.txt.');
  assert.deepEqual(core.sandbox.world.matchSettingsFiles.get('MatchSettings/tracklist.txt'), [
    'Campaigns/Sandbox/Sandbox_Sprint.Map.Gbx',
    'Campaigns/Sandbox/Sandbox_Ice.Map.Gbx',
    'Campaigns/Sandbox/Sandbox_Dirt.Map.Gbx',
    'Custom/Sandbox_Canyon.Map.Gbx',
  ]);
  await command('boss', '//savematchsettings MatchSettings/other.txt', 'Saved 4 maps to MatchSettings/other.txt.');
});

it('a vote to skip passes at the pass ratio; a vote to restart fails when too many say no', async () => {
  await start({ voteRatio: 0.6 }, ['anna', 'ben', 'cleo', 'dan']);
  await command('anna', '/yes', 'No vote is open: /vote skip or /vote restart starts one.');
  await command('anna', '/vote', 'Missing <what>: expected one of skip or restart. Usage: /vote <skip|restart>');
  await command('anna', '/vote later', "Wrong <what>: expected one of skip or restart, got 'later'. Usage: /vote <skip|restart>");
  await command('anna', '/vote skip', 'Anna wants to skip the map: /yes or /no (3 yes needed, 30 s).');
  await command('ben', '/vote restart', 'A vote to skip the map is already open: /yes or /no.');
  core.sandbox.playerChat('ben', '/yes');
  const skipped = core.nextEvent('beginMap');
  await command('cleo', '/yes', 'The vote to skip the map passed.');
  assert.equal((await skipped).map.name, 'Sandbox Loops');
  await command('ben', '/vote restart', 'Ben wants to restart the map: /yes or /no (3 yes needed, 30 s).');
  core.sandbox.playerChat('anna', '/no');
  await command('cleo', '/no', 'The vote to restart the map failed.');
  assert.equal(current(), 'Sandbox Loops');
});

it('a vote that does not get enough votes in time fails', async () => {
  await start({ voteSeconds: 5 }, ['anna', 'ben', 'cleo']);
  await command('anna', '/vote skip', 'Anna wants to skip the map: /yes or /no (2 yes needed, 5 s).');
  await core.waitForChat('The vote to skip the map ran out of time and failed.', 10_000);
  assert.equal(current(), 'Sandbox Sprint');
});

it('extra words after commands that take none are refused with the usage, and nothing happens', async () => {
  await start();
  await command('anna', '/yes please', "Too many arguments: 'please' is not expected. Usage: /yes");
  await command('anna', '/no way', "Too many arguments: 'way' is not expected. Usage: /no");
  await command('anna', '/jukebox drop mine', "Too many arguments: 'mine' is not expected. Usage: /jukebox drop");
  await command('anna', '/jukebox list all', "Too many arguments: 'all' is not expected. Usage: /jukebox list");
  await command('anna', '/vote skip now', "Too many arguments: 'now' is not expected. Usage: /vote <skip|restart>");
  await command('boss', '//restart now', "Too many arguments: 'now' is not expected. Usage: //restart");
  await command('boss', '//savematchsettings a.txt b.txt', "Too many arguments: 'b.txt' is not expected. Usage: //savematchsettings [file]");
  await command('boss', '//removemap 2 3', "Too many arguments: '3' is not expected. Usage: //removemap <map>");
  assert.equal(core.sandbox.calls.filter((call) => ['RestartMap', 'NextMap', 'RemoveMap', 'SaveMatchSettings'].includes(call.method)).length, 0);
  assert.equal(current(), 'Sandbox Sprint');
});
