import type { RegisteredCommand } from '../server/commands.js';
import { showListWindow } from './list-window.js';
import type { AppUi } from './manager.js';

/** /help as a window: the commands `login` may use, with their descriptions, ten to a page. */
export function showHelpWindow(ui: AppUi, login: string, commands: readonly RegisteredCommand[]): Promise<void> {
  return showListWindow(ui, login, {
    id: 'help',
    title: 'Chat commands',
    columns: [
      { header: 'Command', width: 30 },
      { header: 'What it does', width: 100 },
    ],
    rows: commands.map((command) => [`/${command.name}`, command.description]),
    pageSize: 10,
  });
}
