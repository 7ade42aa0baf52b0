import type { Disposable } from '../disposables.js';
import { isPitwallError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { CommandCall, CommandRegistry } from '../server/commands.js';
import type { AppHost } from './host.js';
import { parseSettingPath } from './live-settings.js';

export const SET_USAGE = 'Usage: /set <app>.<key> <value> or /set <app>.<key> --reset (e.g. /set records.listed 10)';

/** The in-game command that changes an app's setting live, for admins. */
export function registerSettingsCommand(commands: CommandRegistry, host: AppHost, logger: Logger): Disposable {
  return commands.register('core', 'set', (call) => void runSet(call, host, logger), {
    admin: true,
    description: "changes an app's setting live: /set <app>.<key> <value> | --reset",
  });
}

async function runSet(call: CommandCall, host: AppHost, logger: Logger): Promise<void> {
  const [path = '', ...rest] = call.args;
  const target = parseSettingPath(path);
  const text = call.text.trim().slice(path.length).trim();
  try {
    if (!target || text === '') return await call.reply(SET_USAGE);
    if (text === '--reset') {
      const reset = await host.resetSetting(target.app, target.key, call.login);
      return await call.reply(reset ? `${path} is back to the settings file's value.` : `${path} has no live value; it already follows the settings file.`);
    }
    const value = await host.changeSetting(target.app, target.key, rest.length ? text : '', call.login);
    await call.reply(`${path} is now ${JSON.stringify(value)}.`);
  } catch (error) {
    if (isPitwallError(error, 'PW_ERR_LIVE_SETTING') || isPitwallError(error, 'PW_ERR_LIVE_SETTING_APP')) return void (await call.reply(error.message).catch(() => undefined));
    logger.error(`/set ${path} by ${call.login} failed: ${(error as Error).message}`);
    await call.reply(`${path} was not changed: ${(error as Error).message}`).catch(() => undefined);
  }
}
