import type { Disposable } from '../disposables.js';
import { subcommand, type CommandRegistry } from '../server/commands.js';
import { coreCommandAnswer } from '../server/core-command-answer.js';
import type { AppHost } from './host.js';

/** `//app list`, `//app reload|stop|start <id>` (master admins): the apps' states, and one app reloaded while players play. */
export function registerAppCommand(commands: CommandRegistry, host: AppHost, report: { error(error: unknown): void; warn(message: string): void }): Disposable {
  const answer = coreCommandAnswer('app', report, 'That did not work; the reason is in the log.');
  return commands.register('core', {
    name: 'app',
    level: 'master',
    description: 'lists the apps and reloads one without restarting Pitwall',
    subcommands: {
      list: subcommand({ description: "shows each app's state, isolation, version and uptime" }, (call) => answer(call, () => host.describeApps().join(' | ') || 'No apps are loaded.')),
      reload: subcommand(
        { description: "loads an app's code afresh and swaps it in", params: { id: { type: 'string', description: 'the app id, as //app list shows it' } } },
        (call) => answer(call, () => host.reloadApp(call.params.id, call.login)),
      ),
      stop: subcommand(
        { description: 'stops a running app until //app start', params: { id: { type: 'string', description: 'the app id, as //app list shows it' } } },
        (call) => answer(call, () => host.stopApp(call.params.id, call.login)),
      ),
      start: subcommand(
        { description: 'starts a stopped or failed app again', params: { id: { type: 'string', description: 'the app id, as //app list shows it' } } },
        (call) => answer(call, () => host.startStoppedApp(call.params.id, call.login)),
      ),
    },
  });
}
