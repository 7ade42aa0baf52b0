import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { openTestDatabase, startTestCore, type TestCore } from '../helpers/core.js';

let shared: Awaited<ReturnType<typeof openTestDatabase>>;
let core: TestCore;

async function startCore(players = ['boss', 'anna']): Promise<TestCore> {
  const started = await startTestCore({
    apps: ['admin'],
    database: shared.database,
    settings: { ADMINS: ['boss'], COMMAND_RATE_LIMIT: { count: 200, seconds: 10 } },
  });
  for (const login of players) started.sandbox.playerJoin(login, login === 'boss' ? 'The Boss' : 'Anna');
  await started.waitFor(() => started.runtime.server.players.size === players.length, 'the players');
  return started;
}

beforeEach(async () => {
  shared = await openTestDatabase();
  core = await startCore();
});
afterEach(async () => {
  await core.stop();
  await shared.close();
});

async function command(login: string, text: string, answer: string): Promise<void> {
  const before = core.chatLog.length;
  core.sandbox.playerChat(login, text);
  await core.waitFor(() => core.chatLog.slice(before).some((chat) => chat.text === answer), `the answer '${answer}'; got ${JSON.stringify(core.chatLog.slice(before).map((chat) => chat.text))}`);
}

const actions = async () => (await core.runtime.database.namespace<{ actions: { at: string; by: string; action: string; target: string; reason: string } }>('app_admin', 'test').selectFrom('actions').select(['by', 'action', 'target', 'reason']).orderBy('at').execute());

it('a ban goes through the server, is logged with who and why, and is applied again after a controller restart', async () => {
  await command('boss', '/ban anna griefing at the start', 'An admin banned Anna: griefing at the start');
  await core.waitFor(() => !core.runtime.server.players.has('anna'), 'anna to be disconnected');
  assert.deepEqual(core.sandbox.world.banList.get('anna'), 'griefing at the start');
  assert.ok(core.logs.some((entry) => entry.message === 'boss banned anna (griefing at the start)'));
  assert.deepEqual(await actions(), [{ by: 'boss', action: 'banned', target: 'anna', reason: 'griefing at the start' }]);
  await command('boss', '/bans', 'Banned: anna (griefing at the start)');
  await core.stop();

  // A new controller, and a new (restarted) server that has forgotten every ban.
  core = await startCore(['boss']);
  assert.equal(core.sandbox.world.banList.get('anna'), 'griefing at the start');
  assert.throws(() => core.sandbox.playerJoin('anna'), /refuses 'anna'/);
  await command('boss', '/unban anna', 'anna is unbanned.');
  assert.equal(core.sandbox.world.banList.has('anna'), false);
  await command('boss', '/unban anna', 'anna is not banned.');
  await command('boss', '/bans', 'Nobody is banned.');
});

it('blacklist, guest list and mute are applied by the server\'s methods and lifted again', async () => {
  core.sandbox.playerJoin('cleo', 'Cleo');
  await core.waitFor(() => core.runtime.server.players.has('cleo'), 'cleo');
  await command('boss', '/blacklist dan spam bot', 'An admin blacklisted dan: spam bot');
  assert.ok(core.sandbox.world.blackList.has('dan'));
  await command('boss', '/blacklist dan', 'dan is already blacklisted.');
  await command('boss', '/unblacklist dan', 'dan is unblacklisted.');
  assert.equal(core.sandbox.world.blackList.has('dan'), false);
  await command('boss', '/addguest eve', 'An admin added to the guest list eve.');
  assert.ok(core.sandbox.world.guestList.has('eve'));
  await command('boss', '/removeguest eve', 'eve is removed from the guest list.');
  await command('boss', '/removeguest eve', 'eve is not on the guest list.');
  await command('boss', '/mute cleo shouting', 'An admin muted Cleo: shouting');
  assert.ok(core.sandbox.world.ignoreList.has('cleo'));
  // The server forgets a mute when the player leaves; the app mutes them again when they come back.
  core.sandbox.world.ignoreList.delete('cleo');
  await core.leave('cleo');
  await core.join('cleo', 'Cleo');
  await core.waitFor(() => core.sandbox.world.ignoreList.has('cleo'), 'cleo muted again');
  await command('boss', '/unmute cleo', 'cleo is unmuted.');
  assert.equal(core.sandbox.world.ignoreList.has('cleo'), false);
  assert.deepEqual((await actions()).map((entry) => entry.action), ['blacklisted', 'unblacklisted', 'added to the guest list', 'removed from the guest list', 'muted', 'unmuted']);
});

it('warn, server name, password and max players for admins, each logged', async () => {
  await command('boss', '/warn anna mind the language', 'Warned anna.');
  assert.ok(core.chatLog.some((chat) => chat.text === '$f80Warning from an admin:$z mind the language' && chat.to?.join() === 'anna'));
  await command('boss', '/servername $f00Red Server', 'The server is now called $f00Red Server$z.');
  assert.equal(core.sandbox.world.serverName, '$f00Red Server');
  await command('boss', '/password s3cret', 'The server now asks players for a password.');
  assert.equal(core.sandbox.world.password, 's3cret');
  await command('boss', '/password --none', 'The server no longer asks for a password.');
  assert.equal(core.sandbox.world.password, '');
  await command('boss', '/maxplayers 16', 'Max players set to 16 (from the next map).');
  assert.equal(core.sandbox.world.nextMaxPlayers, 16);
  // The password never reaches the controller's log (the sandbox's own log shows what players type).
  assert.deepEqual(core.logs.filter((entry) => entry.label !== 'sandbox' && entry.message.includes('s3cret')).map((entry) => entry.message), []);
  assert.deepEqual((await actions()).map((entry) => [entry.action, entry.target]), [
    ['warned', 'anna'],
    ['renamed the server to', 'Red Server'],
    ['set the server password', 'server'],
    ['removed the server password', 'server'],
    ['set max players to', '16'],
  ]);
});

it('bad input to every admin command gets one line saying what is expected, and nothing changes', async () => {
  const notLogin = 'That is not a login: a login is letters, digits, ".", "_" or "-" (see /players).';
  for (const command_ of ['ban', 'blacklist', 'addguest', 'mute']) {
    await command('boss', `/${command_}`, `Usage: /${command_} <login> [reason]`);
    await command('boss', `/${command_} $f00x`, `${notLogin} Usage: /${command_} <login> [reason]`);
    await command('boss', `/${command_} boss`, `You cannot ${command_} yourself.`);
  }
  for (const command_ of ['unban', 'unblacklist', 'removeguest', 'unmute']) {
    await command('boss', `/${command_}`, `Usage: /${command_} <login>`);
    await command('boss', `/${command_} a/b`, `${notLogin} Usage: /${command_} <login>`);
  }
  await command('boss', '/mute ghost', "No player with login 'ghost' is connected.");
  await command('boss', '/warn', 'Usage: /warn <login> <reason>');
  await command('boss', '/warn anna', 'Usage: /warn <login> <reason>');
  await command('boss', '/warn ghost be nice', "No player with login 'ghost' is connected.");
  await command('boss', '/servername', 'Usage: /servername <name>');
  await command('boss', '/password', 'Usage: /password <password without spaces> or /password --none');
  await command('boss', '/password two words', 'Usage: /password <password without spaces> or /password --none');
  for (const bad of ['', ' 0', ' 256', ' many', ' 2.5', ' 4 5']) {
    await command('boss', `/maxplayers${bad}`, 'Usage: /maxplayers <count>, a whole number from 1 to 255');
  }
  await command('anna', '/ban boss', 'You are not allowed to use /ban.');
  assert.deepEqual(await actions(), []);
  assert.equal(core.sandbox.world.banList.size + core.sandbox.world.blackList.size + core.sandbox.world.guestList.size + core.sandbox.world.ignoreList.size, 0);
  assert.equal(core.sandbox.world.nextMaxPlayers, 32);
  assert.ok(core.runtime.server.players.has('boss'));
});
