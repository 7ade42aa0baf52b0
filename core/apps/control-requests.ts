import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { toDisposable, type Disposable } from '../disposables.js';
import { PitwallError } from '../errors.js';
import type { Logger } from '../logging/logger.js';

/**
 * How a shell reaches the running controller's apps (`pitwall apps`, `pitwall apps reload <id>`): a request
 * file dropped in DATA_DIR/control, claimed by renaming it (so only one controller takes it), answered with an
 * answer file beside it. Only who may write DATA_DIR (the owner) can ask; nothing listens on a port.
 */
export interface AppRequest {
  action: 'list' | 'reload';
  id?: string;
}

export interface AppRequestHandler {
  describeApps(): string[];
  reloadApp(id: string, by: string): Promise<string>;
}

export function controlFolder(dataDir: string): string {
  return join(dataDir, 'control');
}

/** Answers the request files of DATA_DIR/control as they arrive (and any waiting at start). */
export function serveAppRequests(dataDir: string, host: AppRequestHandler, logger: Logger): Disposable {
  const folder = controlFolder(dataDir);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    logger.warn(`pitwall apps cannot reach this controller: ${folder} cannot be created (${(error as Error).message})`);
    return toDisposable(() => undefined);
  }
  let scanning = Promise.resolve();
  const scan = (): void => {
    scanning = scanning.then(async () => {
      let names: string[];
      try {
        names = readdirSync(folder).filter((name) => name.endsWith('.request.json'));
      } catch {
        return;
      }
      for (const name of names) await handle(folder, name, host, logger);
    });
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(folder, () => scan());
    watcher.on('error', () => undefined);
    watcher.unref();
  } catch (error) {
    logger.warn(`pitwall apps cannot reach this controller: ${folder} cannot be watched (${(error as Error).message})`);
  }
  scan();
  return toDisposable(async () => {
    watcher?.close();
    await scanning;
  });
}

async function handle(folder: string, name: string, host: AppRequestHandler, logger: Logger): Promise<void> {
  const base = name.slice(0, -'.request.json'.length);
  const taken = join(folder, `${base}.taken`);
  try {
    renameSync(join(folder, name), taken);
  } catch {
    return; // Another scan (or controller) took it.
  }
  let answer: { ok: boolean; text: string };
  try {
    const request = JSON.parse(readFileSync(taken, 'utf8')) as Partial<AppRequest>;
    if (request.action === 'list') answer = { ok: true, text: host.describeApps().join('\n') || 'No apps are loaded.' };
    else if (request.action === 'reload' && typeof request.id === 'string') answer = { ok: true, text: await host.reloadApp(request.id, 'cli') };
    else answer = { ok: false, text: `The request ${JSON.stringify(request).slice(0, 200)} is not one Pitwall knows: ask list, or reload with an app id.` };
  } catch (error) {
    logger.warn(`A pitwall apps request could not be answered: ${(error as Error).message}`);
    answer = { ok: false, text: `The request could not be answered: ${(error as Error).message}` };
  }
  rmSync(taken, { force: true });
  const partial = join(folder, `${base}.answer.tmp`);
  writeFileSync(partial, `${JSON.stringify(answer)}\n`, { mode: 0o600 });
  renameSync(partial, join(folder, `${base}.answer.json`));
}

/** Asks the controller running on `dataDir`; resolves with its answer, or throws when none answers in time. */
export async function askController(dataDir: string, request: AppRequest, ms: number): Promise<{ ok: boolean; text: string }> {
  const folder = controlFolder(dataDir);
  if (!existsSync(folder)) throw new PitwallError('PW_ERR_CONTROLLER_NOT_ANSWERING', { folder, reason: 'the folder does not exist, so no controller with apps has run on this DATA_DIR' });
  const base = randomBytes(8).toString('hex');
  const answerFile = join(folder, `${base}.answer.json`);
  const partial = join(folder, `${base}.request.tmp`);
  writeFileSync(partial, `${JSON.stringify(request)}\n`, { mode: 0o600 });
  renameSync(partial, join(folder, `${base}.request.json`));
  const answer = await new Promise<{ ok: boolean; text: string } | undefined>((resolve) => {
    const check = (): void => {
      if (!existsSync(answerFile)) return;
      finish(JSON.parse(readFileSync(answerFile, 'utf8')) as { ok: boolean; text: string });
    };
    const watcher = watch(folder, check);
    watcher.on('error', () => undefined);
    const timer = setTimeout(() => finish(undefined), ms);
    const finish = (value: { ok: boolean; text: string } | undefined): void => {
      clearTimeout(timer);
      watcher.close();
      resolve(value);
    };
    check();
  });
  rmSync(answerFile, { force: true });
  if (answer) return answer;
  // Nobody took it: take it back, so that a controller starting later does not act on a stale request.
  const unanswered = existsSync(join(folder, `${base}.request.json`));
  rmSync(join(folder, `${base}.request.json`), { force: true });
  throw new PitwallError('PW_ERR_CONTROLLER_NOT_ANSWERING', {
    folder,
    reason: unanswered ? `no controller took the request within ${ms} ms` : `the controller took the request but did not answer within ${ms} ms`,
  });
}
