import type { Disposable } from '../disposables.js';
import { echo } from '../server/command-params.js';
import { levelRank } from '../server/levels.js';
import { subcommand, type CommandRegistry } from '../server/commands.js';
import { coreCommandAnswer } from '../server/core-command-answer.js';
import { ACCESS_GROUPS, type AccessControl, type AccessMember } from './access-control.js';

/** `//admin add <login> <group>`, `//admin remove <login>`, `//admin list`: groups managed in game. */
export function registerAdminCommand(commands: CommandRegistry, access: AccessControl, report: { error(error: unknown): void; warn(message: string): void }): Disposable {
  // A change the database refused is the core's error.
  const answer = coreCommandAnswer('admin', report, 'That did not work: the change could not be saved. It is in the log; try again later.');
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
        (call) => answer(call, async () => (await access.grant(call.login, call.params.login, call.params.group)).message),
      ),
      remove: subcommand(
        { description: 'takes a login out of its group', params: { login: { type: 'string', description: "the player's exact login" } } },
        (call) => answer(call, async () => refuseRemoval(access, call.login, call.params.login) ?? (await access.revoke(call.login, call.params.login)).message),
      ),
      list: subcommand({ description: 'shows every group and its logins' }, (call) => answer(call, () => listGroups(access.members()))),
    },
  });
}

/**
 * Taking someone out of their group is a sanction: it reaches only members below the caller's level (leaving
 * one's own group is always allowed, and ADMINS logins get the answer that names the settings).
 */
function refuseRemoval(access: AccessControl, caller: string, login: string): string | undefined {
  const member = access.memberOf(login);
  if (login === caller || !member || member.source === 'settings') return undefined;
  const yours = access.levelOf(caller);
  if (levelRank(member.group) < levelRank(yours)) return undefined;
  return `You cannot remove ${echo(login)}: their group ${member.group} is not below your own level (${yours}).`;
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
