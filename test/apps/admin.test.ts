import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;
beforeEach(async () => {
  core = await startTestCore({ apps: ['admin'], settings: { ADMINS: ['boss'], APP_ERROR_BUDGET: { count: 5, seconds: 60 }, COMMAND_RATE_LIMIT: { count: 100, seconds: 10 } } });
  core.sandbox.playerJoin('boss', 'The Boss');
  core.sandbox.playerJoin('anna', 'Anna');
  core.sandbox.playerJoin('spec', 'Watcher', true);
  await core.waitFor(() => core.runtime.server.players.size === 3, 'three players');
});
afterEach(() => core.stop());

async function command(login: string, text: string, answer: string): Promise<void> {
  core.sandbox.playerChat(login, text);
  await core.waitFor(() => core.sandbox.chatLog.some((chat) => chat.text === answer), `the answer '${answer}'`);
}

it('/players lists everyone connected, spectators marked', async () => {
  await command('anna', '/players', '3 connected: The Boss, Anna, Watcher (spec)');
});

const KICK_USAGE = 'Usage: //kick <player> [reason...]';

it('//kick removes a player for an operator and up, and refuses everyone else', async () => {
  await command('anna', '//kick boss', 'You are not allowed to use //kick.');
  await command('anna', '/kick boss', 'You are not allowed to use //kick.');
  await command('boss', '//kick anna too fast', 'Kicked Anna (anna).');
  await core.waitFor(() => !core.runtime.server.players.has('anna'), 'anna to be gone');
  await core.waitFor(() => core.logs.some((entry) => entry.message === 'boss kicked anna (too fast)'), 'the log line');
});

it('/kick, the old form, still works; //kick finds a player by a unique part of the name', async () => {
  await command('boss', '/kick watch', 'Kicked Watcher (spec).');
  await core.waitFor(() => !core.runtime.server.players.has('spec'), 'the spectator to be gone');
});

it('//kick answers bad input in one line and kicks no one', async () => {
  core.sandbox.playerJoin('andy', '$f00An$fffdy');
  await core.waitFor(() => core.runtime.server.players.size === 4, 'four players');
  await command('boss', '//kick', `Missing <player>: expected a connected player's login or a part of their name. ${KICK_USAGE}`);
  await command('boss', '//kick nobody', `Wrong <player>: no connected player has the login 'nobody' or a name containing it. ${KICK_USAGE}`);
  await command('boss', '//kick an', `Wrong <player>: 'an' matches 2 players: Anna (anna), Andy (andy); type more of the name, or the exact login. ${KICK_USAGE}`);
  assert.equal(core.runtime.server.players.size, 4);
  assert.equal(core.sandbox.world.players.size, 4);
});

it('//skip goes to the next map for an operator and up; extra words are refused', async () => {
  await command('anna', '//skip', 'You are not allowed to use //skip.');
  await command('boss', '//skip now', "Too many arguments: 'now' is not expected. Usage: //skip");
  assert.equal(core.runtime.server.currentMap?.name, 'Sandbox Sprint');
  await command('boss', '//skip', 'Sandbox Sprint was skipped by an admin.');
  await core.waitFor(() => core.runtime.server.currentMap?.name === 'Sandbox Loops', 'the next map');
});

it('/players refuses extra words with its usage', async () => {
  await command('anna', '/players all', "Too many arguments: 'all' is not expected. Usage: /players");
});

it('an operator granted in game may kick, and /help shows them the usage', async () => {
  await command('anna', '//admin add spec operator', 'You are not allowed to use //admin.');
  await command('boss', '//admin add anna operator', 'anna is now in group operator.');
  await command('anna', '/help kick', `${KICK_USAGE} - removes a player from the server - <player> a connected player's login or a part of their name; <reason> shown to the player`);
  await command('anna', '//kick spec', 'Kicked Watcher (spec).');
});

it('/players and /skip reset formatting after names, drop their links, and log names stripped', async () => {
  core.sandbox.playerJoin('linker', '$l[http://x]$o$F00Bob$z$$');
  core.sandbox.playerJoin('wide', '$wWide$gName');
  await core.waitFor(() => core.runtime.server.players.size === 5, 'five players');
  await command('anna', '/players', '5 connected: The Boss, Anna, Watcher (spec), $o$F00Bob$z$$$z, $wWide$gName$z');
  core.sandbox.world.maps[1]!.Name = '$l[http://x]$f00Red$wLoops';
  await command('boss', '/skip', 'Sandbox Sprint was skipped by an admin.');
  await core.waitFor(() => core.runtime.server.currentMap?.name === '$l[http://x]$f00Red$wLoops', 'the formatted map');
  await command('boss', '/skip', '$f00Red$wLoops$z was skipped by an admin.');
  await core.waitFor(() => core.logs.some((entry) => entry.message === 'boss skipped RedLoops'), 'the log line');
});

it('replies to a player who just left do not spend the app\'s error budget', async () => {
  for (let i = 0; i < 20; i++) {
    core.sandbox.playerJoin('flooder');
    core.sandbox.playerChat('flooder', '/players');
    core.sandbox.playerLeave('flooder');
  }
  const departed = () => core.sandbox.faults.filter((fault) => fault.method === 'ChatSendServerMessageToLogin' && fault.message === 'Login unknown.').length;
  await core.waitFor(() => departed() === 20, 'twenty replies to a departed player');
  await command('boss', '//kick', `Missing <player>: expected a connected player's login or a part of their name. ${KICK_USAGE}`);
  assert.equal(core.state('admin'), 'RUNNING');
  assert.deepEqual(core.errors, []);
});

it('a map change already under way is reported but does not spend the error budget', async () => {
  core.sandbox.injectFault('NextMap', -1000, 'Change in progress.', 8);
  for (let i = 0; i < 8; i++) core.sandbox.playerChat('boss', '/skip');
  await core.waitFor(() => core.errors.length === 8, 'eight reported errors');
  assert.ok(core.errors.every((entry) => entry.app === 'admin' && entry.error.message === 'NextMap failed with fault -1000: Change in progress.'));
  assert.equal(core.state('admin'), 'RUNNING');
});
