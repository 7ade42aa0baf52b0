import type { AccessControl } from '../access/access-control.js';
import type { Disposable } from '../disposables.js';
import type { CommandRegistry } from '../server/commands.js';
import type { GameServer } from '../server/facade.js';
import { LOGIN_LINK_TTL_MS } from './auth.js';
import type { DashboardService } from './dashboard.js';

const linkLine = (url: string): string => `Your dashboard login link (works once, within ${LOGIN_LINK_TTL_MS / 60_000} minutes, from the machine running Pitwall): $l[${url}]${url}$l`;

/**
 * `//dashboard [player]`: a master admin gets a one-time login link in a private chat line, or sends one to
 * a connected operator or admin (granted by //admin add or ADMINS). Each logs in as themselves, with their own
 * level, so the action log names them and their actions are checked as in game.
 */
export function registerDashboardCommand(commands: CommandRegistry, dashboard: DashboardService, server: GameServer, access: AccessControl): Disposable {
  return commands.register(
    'core',
    {
      name: 'dashboard',
      level: 'master',
      description: 'gives you, or an operator or admin, a one-time login link to the web dashboard',
      params: [{ name: 'player', type: 'player', optional: true, description: 'an operator or admin to send the link to' }],
    },
    async (call) => {
      const player = call.params.player;
      if (!player || player.login === call.login) {
        await call.reply(linkLine(dashboard.loginLink(call.login)));
        return;
      }
      const level = access.levelOf(player.login);
      if (level === 'player') {
        await call.reply(`${player.login} has no admin level: grant one first (//admin add ${player.login} <group>), then send the link.`);
        return;
      }
      await server.chatTo(player.login, linkLine(dashboard.loginLink(player.login)));
      await call.reply(`A dashboard login link went to ${player.login} (${level}) in a private chat line.`);
    },
  );
}
