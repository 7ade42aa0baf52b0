import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { startTestCore, type TestCore } from '../helpers/core.js';

let core: TestCore;

/** boss is in ADMINS; max is a master admin granted in game, anna an admin, olga and otto operators, pete a player. */
beforeEach(async () => {
  core = await startTestCore({ apps: ['admin'], settings: { ADMINS: ['boss'], COMMAND_RATE_LIMIT: { count: 200, seconds: 10 } } });
  for (const login of ['boss', 'max', 'anna', 'olga', 'otto', 'pete']) await core.join(login, login === 'boss' ? 'The Boss' : login);
  for (const [login, group] of [['max', 'master'], ['anna', 'admin'], ['olga', 'operator'], ['otto', 'operator']] as const) {
    await command('boss', `//admin add ${login} ${group}`, `${login} is now in group ${group}.`);
  }
});
afterEach(() => core.stop());

async function command(login: string, text: string, answer: string): Promise<void> {
  const before = core.chatLog.length;
  core.sandbox.playerChat(login, text);
  await core.waitFor(() => core.chatLog.slice(before).some((chat) => chat.text === answer), `the answer '${answer}'; got ${JSON.stringify(core.chatLog.slice(before).map((chat) => chat.text))}`);
}

const nothingApplied = (): void => {
  const world = core.sandbox.world;
  assert.equal(world.banList.size + world.blackList.size + world.ignoreList.size, 0);
  assert.equal(core.runtime.server.players.size, 6);
  assert.equal(core.chatLog.filter((chat) => chat.text.startsWith('$f80Warning')).length, 0);
};

it('a sanction on a player whose level is equal to or above the caller\'s is refused with one line saying why', async () => {
  await command('olga', '//kick anna', 'You cannot kick anna: their level (admin) is not below yours (operator).');
  await command('olga', '//kick otto', 'You cannot kick otto: their level (operator) is not below yours (operator).');
  await command('olga', '//mute boss', 'You cannot mute boss: their level (master) is not below yours (operator).');
  await command('olga', '//warn anna behave', 'You cannot warn anna: their level (admin) is not below yours (operator).');
  await command('anna', '//ban max', 'You cannot ban max: their level (master) is not below yours (admin).');
  await command('boss', '//blacklist max', 'You cannot blacklist max: their level (master) is not below yours (master).');
  await command('boss', '//addguest max', 'An admin added to the guest list max.');
  await command('boss', '//removeguest max', 'You cannot removeguest max: their level (master) is not below yours (master).');
  assert.ok(core.sandbox.world.guestList.has('max'));
  core.sandbox.world.guestList.clear();
  nothingApplied();
});

it('logins in ADMINS can never be banned or blacklisted from in game, even by another master admin', async () => {
  await command('max', '//ban boss', 'You cannot ban boss: they are a master admin through ADMINS in the settings, which no one can ban in game.');
  await command('max', '//blacklist boss', 'You cannot blacklist boss: they are a master admin through ADMINS in the settings, which no one can blacklist in game.');
  await command('anna', '//ban boss', 'You cannot ban boss: they are a master admin through ADMINS in the settings, which no one can ban in game.');
  await command('max', '//mute boss', 'You cannot mute boss: their level (master) is not below yours (master).');
  nothingApplied();
});

it('a sanction on a lower level still goes through: an operator mutes, warns and kicks a player', async () => {
  await command('olga', '//mute pete', 'An admin muted pete.');
  await command('olga', '//warn pete calm down', 'Warned pete (pete).');
  await command('anna', '//ban olga', 'An admin banned olga.');
  await core.waitFor(() => !core.runtime.server.players.has('olga'), 'olga to be gone');
  await command('otto', '//kick pete', 'Kicked pete (pete).');
  await core.waitFor(() => !core.runtime.server.players.has('pete'), 'pete to be gone');
});
