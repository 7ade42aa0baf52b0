import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseCommandArgs } from '../cli-args.js';
import { toDisposable, type Disposable } from '../disposables.js';
import type { Logger } from '../logging/logger.js';
import { exitAfterStop, main } from '../main.js';

/** How long an app's files must stay unchanged before it reloads: one save in an editor is often several writes. */
export const DEV_RELOAD_DEBOUNCE_MS = 300;

/** What `pitwall dev` uses of the app host. */
export interface ReloadableApps {
  ids(): string[];
  app(id: string): { folder?: string } | undefined;
  reloadApp(id: string, by: string): Promise<string>;
}

/** `pitwall dev`: the controller, as `pitwall start` runs it, reloading each app when its files change. */
export async function dev(args: string[]): Promise<number> {
  parseCommandArgs('dev', args, {});
  const code = await main(process.env, {
    whileRunning: (runtime) => watchApps(runtime.host, runtime.logger, { ignore: [resolve(runtime.settings.DATA_DIR)] }),
  });
  exitAfterStop(code);
  return code;
}

/**
 * Watches the folder of every loaded app (fs.watch, its subfolders recursively) and reloads the app once its files have stayed
 * unchanged for `debounceMs`, logging one line per reload: which files changed and how the reload went. A
 * change while the app reloads leads to one more reload after it. Changes under `ignore` (DATA_DIR: logs and
 * the database are written all the time), node_modules, .git and editor files (dot files, `~` backups) are
 * not the app's code.
 */
export function watchApps(host: ReloadableApps, logger: Logger, options: { ignore?: string[]; debounceMs?: number } = {}): Disposable {
  const debounceMs = options.debounceMs ?? DEV_RELOAD_DEBOUNCE_MS;
  const ignore = options.ignore ?? [];
  const watchers: FSWatcher[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const changed = new Map<string, Set<string>>();
  const reloads = new Map<string, Promise<void>>();
  let closed = false;

  const reload = (id: string): void => {
    timers.delete(id);
    const files = [...(changed.get(id) ?? [])];
    changed.delete(id);
    const next = (reloads.get(id) ?? Promise.resolve()).then(async () => {
      if (closed) return;
      const answer = await host.reloadApp(id, 'pitwall dev');
      logger.info(`${files.join(', ')} changed: ${answer}`);
    }).catch((error: unknown) => void logger.warn(`App '${id}' could not be reloaded after its files changed: ${(error as Error).message}`));
    reloads.set(id, next);
  };

  const watched: string[] = [];
  for (const id of host.ids()) {
    const folder = host.app(id)?.folder;
    if (!folder) continue;
    const onChange = (name: string | Buffer | null): void => {
      if (closed || name === null) return;
      const file = join(folder, String(name));
      if (!isCode(folder, file, ignore)) return;
      let files = changed.get(id);
      if (!files) changed.set(id, (files = new Set()));
      files.add(relative(folder, file));
      clearTimeout(timers.get(id));
      timers.set(id, setTimeout(() => reload(id), debounceMs));
    };
    try {
      // The folder itself, then each of its folders with all below: node_modules, dot folders and DATA_DIR are
      // never walked (an app file at a project's root would otherwise watch every installed package).
      const add = (path: string, recursive: boolean): void => {
        const watcher = watch(path, { recursive }, (_event, name) => onChange(name === null ? null : join(relative(folder, path), String(name))));
        watcher.on('error', (error) => logger.warn(`pitwall dev stopped watching app '${id}' in ${path}: ${error.message}`));
        watchers.push(watcher);
      };
      add(folder, false);
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory() && isCode(folder, path, ignore)) add(path, true);
      }
      watched.push(id);
    } catch (error) {
      logger.warn(`pitwall dev cannot watch app '${id}' in ${folder}: ${(error as Error).message}; it is not reloaded when its files change`);
    }
  }
  logger.info(`pitwall dev: an app reloads when its files change (watching ${watched.length ? watched.join(', ') : 'no apps'})`);

  return toDisposable(async () => {
    closed = true;
    for (const watcher of watchers) watcher.close();
    for (const timer of timers.values()) clearTimeout(timer);
    await Promise.all(reloads.values());
  });
}

/** Whether a changed path is part of the app's code rather than data, dependencies or an editor's own files. */
function isCode(folder: string, file: string, ignore: readonly string[]): boolean {
  if (ignore.some((ignored) => isInside(ignored, file))) return false;
  const parts = relative(folder, file).split(sep);
  if (parts.some((part) => part === 'node_modules' || part.startsWith('.'))) return false;
  return !parts.at(-1)!.endsWith('~');
}

function isInside(folder: string, file: string): boolean {
  const path = relative(folder, file);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}
