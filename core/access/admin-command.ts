import type { Disposable } from '../disposables.js';
import { echo } from '../server/command-params.js';
import { subcommand, type CommandRegistry } from '../server/commands.js';
import { ACCESS_GROUPS, type AccessControl, type AccessMember } from './access-control.js';

/** `//admin add <login> <group>`, `//admin remove <login>`, `//admin list`: groups managed in game. */
export function registerAdminCommand(commands: CommandRegistry, access: AccessControl, onError: (error: unknown) => void): Disposable {
  const answered = (work: () => Promise<string>, reply: (message: string) => Promise<void>) =>
    work().then(reply, async (error: unknown) => {
      onError(error);
      await reply('That did not work: the change could not be saved. It is in the log; try again later.');
    });
  return commands.register('core', {
    name: 'admin',
    level: 'admin',
    description: 'manages who is operator, admin or master admin',
    subcommands: {
      add: subcommand(
        {
          description: 'puts a login in a group',
          params: {
            login: { type: 'string', description: "the player's exact login" },
            group: { type: 'enum', values: ACCESS_GROUPS },
          },
        },
        (call) => answered(async () => (await access.grant(call.login, call.params.login, call.params.group)).message, call.reply),
      ),
      remove: subcommand(
        { description: 'takes a login out of its group', params: { login: { type: 'string', description: "the player's exact login" } } },
        (call) => answered(async () => (await access.revoke(call.login, call.params.login)).message, call.reply),
      ),
      list: subcommand({ description: 'shows every group and its logins' }, (call) => call.reply(listGroups(access.members()))),
    },
  });
}

/** `Master admins: boss (ADMINS) | Admins: anna | Operators: none`. */
export function listGroups(members: readonly AccessMember[]): string {
  const titles = { master: 'Master admins', admin: 'Admins', operator: 'Operators' } as const;
  return (['master', 'admin', 'operator'] as const)
    .map((group) => {
      const logins = members.filter((member) => member.group === group).map((member) => `${echo(member.login)}${member.source === 'settings' ? ' (ADMINS)' : ''}`);
      return `${titles[group]}: ${logins.length > 0 ? logins.join(', ') : 'none'}`;
    })
    .join(' | ');
}
