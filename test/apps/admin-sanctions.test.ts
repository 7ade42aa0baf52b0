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
  await command('boss', '//ban anna griefing at the start', 'An admin banned Anna: griefing at the start');
  await core.waitFor(() => !core.runtime.server.players.has('anna'), 'anna to be disconnected');
  assert.deepEqual(core.sandbox.world.banList.get('anna'), 'griefing at the start');
  assert.ok(core.logs.some((entry) => entry.message === 'boss banned anna (griefing at the start)'));
  assert.deepEqual(await actions(), [{ by: 'boss', action: 'banned', target: 'anna', reason: 'griefing at the start' }]);
  await command('boss', '//bans', 'Banned: anna (griefing at the start)');
  await core.stop();

  // A new controller, and a new (restarted) server that has forgotten every ban.
  core = await startCore(['boss']);
  assert.equal(core.sandbox.world.banList.get('anna'), 'griefing at the start');
  assert.throws(() => core.sandbox.playerJoin('anna'), /refuses 'anna'/);
  await command('boss', '//unban anna', 'anna is unbanned.');
  assert.equal(core.sandbox.world.banList.has('anna'), false);
  await command('boss', '//unban anna', 'anna is not banned.');
  await command('boss', '//bans', 'Nobody is banned.');
});

it('blacklist, guest list and mute are applied by the server\'s methods and lifted again', async () => {
  core.sandbox.playerJoin('cleo', 'Cleo');
  await core.waitFor(() => core.runtime.server.players.has('cleo'), 'cleo');
  await command('boss', '//blacklist dan spam bot', 'An admin blacklisted dan: spam bot');
  assert.ok(core.sandbox.world.blackList.has('dan'));
  await command('boss', '//blacklist dan', 'dan is already blacklisted.');
  await command('boss', '//unblacklist dan', 'dan is unblacklisted.');
  assert.equal(core.sandbox.world.blackList.has('dan'), false);
  await command('boss', '//addguest eve', 'An admin added to the guest list eve.');
  assert.ok(core.sandbox.world.guestList.has('eve'));
  await command('boss', '//removeguest eve', 'eve is removed from the guest list.');
  await command('boss', '//removeguest eve', 'eve is not on the guest list.');
  await command('boss', '//mute cleo shouting', 'An admin muted Cleo: shouting');
  assert.ok(core.sandbox.world.ignoreList.has('cleo'));
  // The server forgets a mute when the player leaves; the app mutes them again when they come back.
  core.sandbox.world.ignoreList.delete('cleo');
  await core.leave('cleo');
  await core.join('cleo', 'Cleo');
  await core.waitFor(() => core.sandbox.world.ignoreList.has('cleo'), 'cleo muted again');
  await command('boss', '//unmute cleo', 'cleo is unmuted.');
  assert.equal(core.sandbox.world.ignoreList.has('cleo'), false);
  assert.deepEqual((await actions()).map((entry) => entry.action), ['blacklisted', 'unblacklisted', 'added to the guest list', 'removed from the guest list', 'muted', 'unmuted']);
});

it('warn, server name, password and max players for admins, each logged', async () => {
  await command('boss', '//warn anna mind the language', 'Warned Anna (anna).');
  assert.ok(core.chatLog.some((chat) => chat.text === '$f80Warning from an admin:$z mind the language' && chat.to?.join() === 'anna'));
  await command('boss', '//servername $f00Red Server', 'The server is now called $f00Red Server$z.');
  assert.equal(core.sandbox.world.serverName, '$f00Red Server');
  await command('boss', '//password s3cret', 'The server now asks players for a password.');
  assert.equal(core.sandbox.world.password, 's3cret');
  await command('boss', '//password --none', 'The server no longer asks for a password.');
  assert.equal(core.sandbox.world.password, '');
  await command('boss', '//maxplayers 16', 'Max players set to 16 (from the next map).');
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
  const notLogin = 'Wrong <login>: a login is letters, digits, ".", "_" or "-" (see /players).';
  for (const name of ['ban', 'blacklist', 'addguest', 'mute']) {
    const usage = `Usage: //${name} <login> [reason...]`;
    await command('boss', `//${name}`, `Missing <login>: expected a word. ${usage}`);
    await command('boss', `//${name} $f00x`, `${notLogin} ${usage}`);
    await command('boss', `//${name} boss`, `You cannot ${name} yourself.`);
  }
  for (const name of ['unban', 'unblacklist', 'removeguest', 'unmute']) {
    const usage = `Usage: //${name} <login>`;
    await command('boss', `//${name}`, `Missing <login>: expected a word. ${usage}`);
    await command('boss', `//${name} a/b`, `${notLogin} ${usage}`);
    await command('boss', `//${name} a b`, `Too many arguments: 'b' is not expected. ${usage}`);
  }
  await command('boss', '//mute ghost', "No player with login 'ghost' is connected.");
  const warnUsage = 'Usage: //warn <player> <reason...>';
  await command('boss', '//warn', `Missing <player>: expected a connected player's login or a part of their name. ${warnUsage}`);
  await command('boss', '//warn anna', `Missing <reason>: expected some text. ${warnUsage}`);
  await command('boss', '//warn ghost be nice', `Wrong <player>: no connected player has the login 'ghost' or a name containing it. ${warnUsage}`);
  await command('boss', '//servername', 'Missing <name>: expected some text. Usage: //servername <name...>');
  await command('boss', '//password', 'Missing <password>: expected a word. Usage: //password <password>');
  await command('boss', '//password two words', "Too many arguments: 'words' is not expected. Usage: //password <password>");
  await command('boss', '//maxplayers', 'Missing <count>: expected a whole number from 1 to 255. Usage: //maxplayers <count>');
  for (const bad of ['0', '256', 'many', '2.5']) {
    await command('boss', `//maxplayers ${bad}`, `Wrong <count>: expected a whole number from 1 to 255, got '${bad}'. Usage: //maxplayers <count>`);
  }
  await command('boss', '//maxplayers 4 5', "Too many arguments: '5' is not expected. Usage: //maxplayers <count>");
  await command('boss', '//bans all', "Too many arguments: 'all' is not expected. Usage: //bans");
  await command('anna', '//ban boss', 'You are not allowed to use //ban.');
  assert.deepEqual(await actions(), []);
  assert.equal(core.sandbox.world.banList.size + core.sandbox.world.blackList.size + core.sandbox.world.guestList.size + core.sandbox.world.ignoreList.size, 0);
  assert.equal(core.sandbox.world.nextMaxPlayers, 32);
  assert.ok(core.runtime.server.players.has('boss'));
});

it('levels: an operator may mute and warn but not ban; an admin may ban but not blacklist', async () => {
  core.sandbox.playerJoin('olga', 'Olga');
  await core.waitFor(() => core.runtime.server.players.has('olga'), 'olga');
  await command('boss', '//admin add olga operator', 'olga is now in group operator.');
  await command('olga', '//mute anna', 'An admin muted Anna.');
  await command('olga', '//warn anna calm down', 'Warned Anna (anna).');
  await command('olga', '//ban anna', 'You are not allowed to use //ban.');
  await command('boss', '//admin add olga admin', 'olga is now in group admin.');
  await command('olga', '//ban dan', 'An admin banned dan.');
  await command('olga', '//blacklist dan', 'You are not allowed to use //blacklist.');
});

it('the sanctions store adds, finds and removes on PostgreSQL too', async () => {
  const { openPglite } = await import('../helpers/pglite.js');
  const { AdminStore, adminDatabase } = await import('../../apps/admin/store.js');
  const database = openPglite();
  try {
    await database.migrate('app_admin', "app 'admin'", adminDatabase.migrations);
    const store = new AdminStore(database.namespace('app_admin', "app 'admin'"));
    await store.add({ login: 'troll', kind: 'ban', reason: 'spam', by: 'boss', at: '2026-11-25T14:00:00.000Z' });
    assert.equal(await store.has('troll', 'ban'), true);
    assert.equal(await store.remove('troll', 'ban'), true);
    assert.equal(await store.remove('troll', 'ban'), false);
    assert.deepEqual(await store.sanctions(), []);
  } finally {
    await database.close();
  }
});
