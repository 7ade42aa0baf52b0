import { DisposableStore, toDisposable, type Disposable } from '../disposables.js';
import { isPitwallError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { CommandRegistry } from '../server/commands.js';
import type { AppUi } from '../ui/manager.js';
import { SettingsWindow, type SettingsWindowRow } from '../ui/settings-window.js';
import type { AppSettingsService, SettingView } from './app-settings-service.js';
import { parseSettingPath } from './live-settings.js';

/**
 * `//set <app>.<key> <value>` and `//set <app>.<key> --reset`: an app's setting changed live, for admins; and
 * `//settings`, a window listing every app's settings that edits them through the same path.
 */
export function registerSettingsCommand(commands: CommandRegistry, appSettings: AppSettingsService, logger: Logger, ui?: AppUi): Disposable {
  const store = new DisposableStore();
  store.add(
    commands.register(
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
        // An answer that cannot be sent is a warning in the log, never an unhandled rejection.
        const answer = await editSetting(appSettings, logger, call.login, call.params.setting, call.params.value, call.usage);
        await call.reply(answer).catch((error: unknown) => logger.warn(`Could not answer //set to ${call.login}: ${(error as Error).message}`));
      },
    ),
  );
  if (ui) {
    store.add(
      commands.register('core', { name: 'settings', level: 'admin', description: "shows every app's settings, where each value comes from, and edits them" }, (call) =>
        showSettingsWindow(appSettings, ui, logger, call.login, 0),
      ),
    );
  }
  return toDisposable(async () => void (await store.dispose()));
}

/**
 * One edit, as `//set` makes it: `value` is the text typed (`--reset` goes back to the settings file), checked
 * by the app's declaration. Resolves with the one-line answer, whether the edit was made or refused.
 */
export async function editSetting(appSettings: AppSettingsService, logger: Logger, login: string, setting: string, value: string, usage: string): Promise<string> {
  const target = parseSettingPath(setting);
  if (!target) return `Wrong <setting>: expected <app>.<key>, e.g. records.listed. Usage: ${usage}`;
  try {
    if (value === '--reset') {
      const reset = await appSettings.resetSetting(target.app, target.key, login);
      return reset ? `${setting} is back to the settings file's value.` : `${setting} has no live value; it already follows the settings file.`;
    }
    // A secret setting's value is shown as ******** here too.
    const { shown } = await appSettings.changeSetting(target.app, target.key, value, login);
    return `${setting} is now ${shown}.`;
  } catch (error) {
    if (isPitwallError(error, 'PW_ERR_LIVE_SETTING') || isPitwallError(error, 'PW_ERR_LIVE_SETTING_APP')) return error.message;
    logger.error(`//set ${setting} by ${login} failed: ${(error as Error).message}`);
    return `${setting} was not changed: the change could not be saved. It is in the log; try again later.`;
  }
}

/** How many settings one page of the window holds. */
const PAGE_SIZE = 6;
const WINDOW_ID = 'settings';

/** Opens (or redraws) the settings window for `login` at `page`, with `status` under the settings. */
export async function showSettingsWindow(appSettings: AppSettingsService, ui: AppUi, logger: Logger, login: string, page: number, status?: string): Promise<void> {
  const pages = paged(await appSettings.settingsView());
  const shown = Math.min(Math.max(0, page), Math.max(pages.length - 1, 0));
  const current = pages[shown];
  const redraw = (clicker: string, next: number, answer?: string) => showSettingsWindow(appSettings, ui, logger, clicker, next, answer);
  // The same level as //set: the host checks it before a handler runs.
  const edit = (path: string, text: (entries: Readonly<Record<string, string>>) => string) => ({
    level: 'admin' as const,
    handler: async ({ login: clicker, entries }: { login: string; entries: Readonly<Record<string, string>> }) =>
      redraw(clicker, shown, await editSetting(appSettings, logger, clicker, path, text(entries), '//set <setting> <value...>')),
  });
  await ui.show(
    WINDOW_ID,
    <SettingsWindow
      app={current?.app ?? ''}
      rows={current?.rows ?? []}
      page={shown}
      pages={pages.length}
      status={current ? status : 'No app in APPS declares settings.'}
      onSet={(path) => edit(path, (entries) => entries[path] ?? '')}
      onReset={(path) => edit(path, () => '--reset')}
      onPage={(next) => ({ level: 'admin', handler: ({ login: clicker }) => redraw(clicker, next) })}
      onClose={({ login: clicker }) => ui.hide(WINDOW_ID, { to: clicker })}
    />,
    { to: login },
  );
}

/** Each app's settings split into pages of PAGE_SIZE, in the apps' load order. */
function paged(groups: readonly { app: string; settings: readonly SettingView[] }[]): { app: string; rows: SettingsWindowRow[] }[] {
  const pages: { app: string; rows: SettingsWindowRow[] }[] = [];
  for (const { app, settings } of groups) {
    for (let from = 0; from < settings.length; from += PAGE_SIZE) {
      pages.push({
        app,
        rows: settings.slice(from, from + PAGE_SIZE).map((setting) => ({
          path: `${setting.app}.${setting.key}`,
          key: setting.key,
          shown: setting.shown,
          text: setting.text,
          source: setting.source === 'live edit' ? `live edit by ${setting.changedBy}` : setting.source,
          description: setting.description,
        })),
      });
    }
  }
  return pages;
}
