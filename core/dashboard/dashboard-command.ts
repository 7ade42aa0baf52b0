import type { Disposable } from '../disposables.js';
import type { CommandRegistry } from '../server/commands.js';
import { LOGIN_LINK_TTL_MS } from './auth.js';
import type { DashboardService } from './dashboard.js';

/**
 * `//dashboard`: a master admin gets a one-time login link in a private chat line. They log in as
 * themselves, with their own level, so the action log names them.
 */
export function registerDashboardCommand(commands: CommandRegistry, dashboard: DashboardService): Disposable {
  return commands.register('core', { name: 'dashboard', level: 'master', description: 'gives you a one-time login link to the web dashboard' }, async (call) => {
    const url = dashboard.loginLink(call.login);
    await call.reply(`Your dashboard login link (works once, within ${LOGIN_LINK_TTL_MS / 60_000} minutes, from the machine running Pitwall): $l[${url}]${url}$l`);
  });
}
