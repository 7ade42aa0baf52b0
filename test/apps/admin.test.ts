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

it('/kick removes a player for an admin and refuses everyone else', async () => {
  await command('anna', '/kick boss', 'You are not allowed to use /kick.');
  await command('boss', '/kick', 'Usage: /kick <login> [reason]');
  await command('boss', '/kick nobody', "No player with login 'nobody' is connected.");
  await command('boss', '/kick anna too fast', 'Kicked anna.');
  await core.waitFor(() => !core.runtime.server.players.has('anna'), 'anna to be gone');
});

it('/skip goes to the next map for an admin', async () => {
  await command('anna', '/skip', 'You are not allowed to use /skip.');
  await command('boss', '/skip', 'Sandbox Sprint was skipped by an admin.');
  await core.waitFor(() => core.runtime.server.currentMap?.name === 'Sandbox Loops', 'the next map');
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
  await command('boss', '/kick', 'Usage: /kick <login> [reason]');
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
