import type { Disposable } from '../disposables.js';
import { isPitwallError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { CommandRegistry } from '../server/commands.js';
import type { AppSettingsService } from './app-settings-service.js';
import { parseSettingPath } from './live-settings.js';

/** `//set <app>.<key> <value>` and `//set <app>.<key> --reset`: an app's setting changed live, for admins. */
export function registerSettingsCommand(commands: CommandRegistry, appSettings: AppSettingsService, logger: Logger): Disposable {
  return commands.register(
    'core',
    {
      name: 'set',
      level: 'admin',
      description: "changes an app's setting live; --reset goes back to the settings file",
      params: [
        { name: 'setting', type: 'string', description: 'the setting as <app>.<key>, e.g. records.listed' },
        { name: 'value', type: 'rest', description: 'the new value, or --reset' },
      ],
    },
    async (call) => {
      const { setting, value } = call.params;
      const target = parseSettingPath(setting);
      // An answer that cannot be sent is a warning in the log, never an unhandled rejection.
      const reply = (message: string) => call.reply(message).catch((error: unknown) => logger.warn(`Could not answer //set to ${call.login}: ${(error as Error).message}`));
      if (!target) return reply(`Wrong <setting>: expected <app>.<key>, e.g. records.listed. Usage: ${call.usage}`);
      try {
        if (value === '--reset') {
          const reset = await appSettings.resetSetting(target.app, target.key, call.login);
          return await reply(reset ? `${setting} is back to the settings file's value.` : `${setting} has no live value; it already follows the settings file.`);
        }
        // A secret setting's value is shown as ******** here too.
        const { shown } = await appSettings.changeSetting(target.app, target.key, value, call.login);
        await reply(`${setting} is now ${shown}.`);
      } catch (error) {
        if (isPitwallError(error, 'PW_ERR_LIVE_SETTING') || isPitwallError(error, 'PW_ERR_LIVE_SETTING_APP')) return reply(error.message);
        logger.error(`//set ${setting} by ${call.login} failed: ${(error as Error).message}`);
        await reply(`${setting} was not changed: the change could not be saved. It is in the log; try again later.`);
      }
    },
  );
}
