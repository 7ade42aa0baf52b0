import assert from 'node:assert/strict';
import { afterEach, it } from 'node:test';
import { AccessControl, defineApp } from '../../../core/index.js';
import { openTestDatabase, startTestCore, type TestCore } from '../../helpers/core.js';

let core: TestCore | undefined;
let closeDatabase: (() => Promise<void>) | undefined;
afterEach(async () => {
  await core?.stop();
  await closeDatabase?.();
  core = undefined;
  closeDatabase = undefined;
});

/** Types `text` as `login` and waits for the exact answer, sent to that player only. */
async function says(login: string, text: string, answer: string): Promise<void> {
  const before = core!.sandbox.chatLog.length;
  core!.sandbox.playerChat(login, text);
  await core!.waitFor(() => core!.sandbox.chatLog.slice(before).some((chat) => chat.text === answer), `the answer '${answer}'`);
  assert.deepEqual(core!.sandbox.chatLog.at(-1)?.to, [login]);
}

const ADMIN_USAGE = 'Usage: //admin <add|remove|list>';

it('//admin add, list and remove: groups are kept in the database and take effect at once', async () => {
  const shared = await openTestDatabase();
  closeDatabase = shared.close;
  core = await startTestCore({ settings: { ADMINS: ['boss'] }, database: shared.database });
  await core.join('boss');
  await core.join('anna');
  await says('anna', '//admin list', 'You are not allowed to use //admin.');
  await says('boss', '//admin add anna admin', 'anna is now in group admin.');
  await says('anna', '//admin add olga operator', 'olga is now in group operator.');
  await says('anna', '//admin add olga master', 'You cannot grant master: it is above your own level (admin).');
  await says('anna', '//admin remove boss', 'boss is a master admin through ADMINS in the settings; change it there.');
  await says('anna', '//admin list', 'Master admins: boss (ADMINS) | Admins: anna | Operators: olga');
  await core.stop();

  core = await startTestCore({ settings: { ADMINS: ['boss'] }, database: shared.database });
  await core.join('anna');
  await says('anna', '//admin list', 'Master admins: boss (ADMINS) | Admins: anna | Operators: olga');
  await says('anna', '//admin remove olga', 'olga is no longer in group operator.');
  await says('anna', '//admin remove anna', 'anna is no longer in group admin.');
  await says('anna', '//admin list', 'You are not allowed to use //admin.');
});

it('//admin answers bad input in one line and changes nothing', async () => {
  core = await startTestCore({ settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await says('boss', '//admin', `Missing <sub-command>: expected add, remove or list. ${ADMIN_USAGE}`);
  await says('boss', '//admin grant anna', `Unknown sub-command 'grant' of //admin: expected add, remove or list. ${ADMIN_USAGE}`);
  await says('boss', '//admin add', 'Missing <login>: expected a word. Usage: //admin add <login> <operator|admin|master>');
  await says('boss', '//admin add anna', 'Missing <group>: expected one of operator, admin or master. Usage: //admin add <login> <operator|admin|master>');
  await says('boss', '//admin add anna king', "Wrong <group>: expected one of operator, admin or master, got 'king'. Usage: //admin add <login> <operator|admin|master>");
  await says('boss', '//admin add anna admin now', "Too many arguments: 'now' is not expected. Usage: //admin add <login> <operator|admin|master>");
  await says('boss', '//admin remove', 'Missing <login>: expected a word. Usage: //admin remove <login>');
  await says('boss', '//admin list all', "Too many arguments: 'all' is not expected. Usage: //admin list");
  await says('boss', '//admin list', 'Master admins: boss (ADMINS) | Admins: none | Operators: none');
  assert.deepEqual(core.errors, []);
});

it('/help //admin shows each sub-command\'s usage', async () => {
  core = await startTestCore({ settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await says(
    'boss',
    '/help //admin',
    'Usage: //admin add <login> <operator|admin|master> (puts a login in a group) | //admin remove <login> (takes a login out of its group) | //admin list (shows every group and its logins) - manages who is operator, admin or master admin',
  );
});

it('a grant the database cannot store is answered politely and reported as a core error; nothing changes', async () => {
  const shared = await openTestDatabase();
  closeDatabase = shared.close;
  core = await startTestCore({ settings: { ADMINS: ['boss'] }, database: shared.database });
  await core.join('boss');
  await shared.database.close();
  await says('boss', '//admin add anna admin', 'That did not work: the change could not be saved. It is in the log; try again later.');
  await core.waitFor(() => core!.errors.length === 1, 'the reported error');
  assert.equal(core.errors[0]!.app, 'core');
  assert.equal(core.runtime.access.levelOf('anna'), 'player');
});

it('apps check levels with ctx.can, and resolve AccessControl from their container', async () => {
  const seen: unknown[] = [];
  const app = defineApp({
    id: 'checker',
    version: '1.0.0',
    init(ctx) {
      ctx.command('check', (call) => {
        const access = ctx.container.resolve<AccessControl>(AccessControl);
        seen.push([call.login, ctx.can(call.login, 'player'), ctx.can(call.login, 'operator'), ctx.can(call.login, 'master'), access.levelOf(call.login)]);
      });
    },
  });
  core = await startTestCore({ apps: [app], settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  await core.join('olga');
  await core.join('Boss');
  await core.runtime.access.grant('boss', 'olga', 'operator');
  await core.chat('boss', '/check');
  await core.chat('olga', '/check');
  await core.chat('Boss', '/check');
  assert.deepEqual(seen, [
    ['boss', true, true, true, 'master'],
    ['olga', true, true, false, 'operator'],
    ['Boss', true, false, false, 'player'],
  ]);
});

it('an //admin answer the server refuses is logged as a warning, never an unhandled rejection', async () => {
  core = await startTestCore({ settings: { ADMINS: ['boss'] } });
  await core.join('boss');
  core.sandbox.injectFault('ChatSendServerMessageToLogin', -1000, 'Internal error.');
  await core.chat('boss', '//admin list');
  const line = 'Could not answer //admin to boss: ChatSendServerMessageToLogin failed with fault -1000: Internal error.';
  await core.waitFor(() => core!.logs.some((entry) => entry.level === 'warn' && entry.message === line), 'the warning');
  assert.deepEqual(core.errors, []);
});

it('a group granted on one controller reaches another sharing the database, without a restart', async () => {
  const shared = await openTestDatabase();
  closeDatabase = shared.close;
  const other = await startTestCore({ settings: { ADMINS: ['boss'] }, database: shared.database, liveSettingsPollMs: 20 });
  try {
    core = await startTestCore({ settings: { ADMINS: ['boss'] }, database: shared.database, liveSettingsPollMs: 20 });
    await core.join('boss');
    await says('boss', '//admin add anna operator', 'anna is now in group operator.');
    const access = other.runtime.container.resolve<AccessControl>(AccessControl);
    await other.waitFor(() => access.levelOf('anna') === 'operator', 'the grant on the other controller');
  } finally {
    await other.stop();
  }
});

it('//admin remove refuses a member whose group is equal to or above the caller\'s level', async () => {
  core = await startTestCore({ settings: { ADMINS: ['boss'] } });
  for (const login of ['boss', 'max', 'anna', 'adam', 'olga']) await core.join(login);
  await says('boss', '//admin add max master', 'max is now in group master.');
  await says('boss', '//admin add anna admin', 'anna is now in group admin.');
  await says('boss', '//admin add adam admin', 'adam is now in group admin.');
  await says('boss', '//admin add olga operator', 'olga is now in group operator.');
  await says('anna', '//admin remove adam', 'You cannot remove adam: their group admin is not below your own level (admin).');
  await says('anna', '//admin remove max', 'You cannot remove max: their group master is not below your own level (admin).');
  await says('max', '//admin remove boss', 'boss is a master admin through ADMINS in the settings; change it there.');
  await says('boss', '//admin remove max', 'You cannot remove max: their group master is not below your own level (master).');
  await says('anna', '//admin remove olga', 'olga is no longer in group operator.');
  await says('boss', '//admin list', 'Master admins: boss (ADMINS), max | Admins: adam, anna | Operators: none');
});
