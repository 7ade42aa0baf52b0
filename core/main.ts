import 'reflect-metadata';
import { prepareDataDir } from './config/data-dir.js';
import { resolve } from 'node:path';
import { loadSettings, PROJECT_SETTINGS_FILE } from './config/loader.js';
import type { Settings } from './config/schema.js';
import type { Disposable } from './disposables.js';
import { PitwallError } from './errors.js';
import { closeLogger } from './logging/logger.js';
import { Runtime } from './runtime.js';
import { PITWALL_VERSION } from './version.js';

/**
 * Loads the owner's settings: settings/base.ts, then ./settings.mjs of the project Pitwall runs from (when there
 * is one), then PITWALL_SETTINGS, then PITWALL_<KEY> variables.
 */
export async function loadOwnerSettings(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const base = (await import('../settings/base.js')) as Record<string, unknown>;
  return loadSettings({ base, env, projectFile: resolve(PROJECT_SETTINGS_FILE) });
}

/** What runs beside the controller (`pitwall dev`'s file watchers): started once it runs, disposed before it stops. */
export interface WhileRunning {
  whileRunning?(runtime: Runtime): Disposable;
}

/** `pitwall start`: runs the controller until SIGINT or SIGTERM. Returns the exit code. */
export async function main(env: NodeJS.ProcessEnv = process.env, options: WhileRunning = {}): Promise<number> {
  let settings: Settings;
  try {
    settings = await loadOwnerSettings(env);
    prepareDataDir(settings.DATA_DIR);
  } catch (error) {
    return explainAndFail(error);
  }
  // Listen first, so a signal during boot still leads to an orderly stop.
  const stopSignal = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT received'));
    process.once('SIGTERM', () => resolve('SIGTERM received'));
    whenOrphaned(() => resolve('The npm process that started Pitwall is gone'), env);
  });
  // The controller runs until it is told to stop.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let runtime: Runtime;
  // An app's process.exit(code) ends in an orderly stop that exits with its code.
  let exitCode = 0;
  try {
    runtime = await Runtime.start({ settings });
  } catch (error) {
    clearInterval(keepAlive);
    return explainAndFail(error);
  }
  runtime.logger.info(`Pitwall ${PITWALL_VERSION} started (Node ${process.version}, pid ${process.pid}); press Ctrl+C to stop`);
  const beside = options.whileRunning?.(runtime);
  const reason = await Promise.race([
    stopSignal,
    runtime.exitRequested.then(({ app, code }) => {
      exitCode = code;
      return `App '${app}' called process.exit(${code})`;
    }),
  ]);
  clearInterval(keepAlive);
  runtime.logger.info(`${reason}, stopping`);
  await beside?.dispose();
  // The process-level net goes away with the runtime; what an app left running must not crash the exit.
  ignoreUncaughtFromNowOn();
  const code = await stopWithin(runtime, settings.SHUTDOWN_TIMEOUT_MS);
  runtime.logger.info(code === 0 ? 'Pitwall stopped' : 'Pitwall stopped before everything had finished');
  await closeLogger(runtime.logger);
  return code || exitCode;
}

/** Once an orderly stop has begun, an error nobody caught (an app's raw timer) no longer ends the process. */
function ignoreUncaughtFromNowOn(): void {
  const ignore = (): void => undefined;
  process.on('uncaughtException', ignore);
  process.on('unhandledRejection', ignore);
}

/**
 * Ends the process once `pitwall start` returned: whatever an app left behind (a raw timer, an open socket)
 * must not keep it alive. The exit follows as soon as buffered output has been handed to the OS.
 */
export function exitAfterStop(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.writableLength === 0) done();
    else stream.write('', done);
  }
  // A pipe nobody reads must not hold the exit forever.
  setTimeout(() => process.exit(code), 2000).unref();
}

const ORPHAN_CHECK_MS = 1000;

/**
 * Calls `onOrphaned` once the package manager that started Pitwall (`npm start`) is gone: npm killed
 * outright (SIGKILL, a crash) cannot pass a signal on, and the controller must not run on without it.
 * Started any other way (a service manager, PID 1, `nohup`), losing the parent is no reason to stop.
 */
function whenOrphaned(onOrphaned: () => void, env: NodeJS.ProcessEnv): void {
  if (!env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, ORPHAN_CHECK_MS).unref();
}

/** A PitwallError at boot already says what to fix: print it plainly and exit 1. */
function explainAndFail(error: unknown): number {
  if (!(error instanceof PitwallError)) throw error;
  process.stderr.write(`${error.code}: ${error.message}\n`);
  return 1;
}

/** 0 when everything stopped in time, 1 when the timeout cut it short. */
async function stopWithin(runtime: Runtime, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      runtime.logger.error(new PitwallError('PW_ERR_SHUTDOWN_TIMEOUT', { ms }).message);
      resolve(1);
    }, ms);
  });
  try {
    return await Promise.race([runtime.stop().then(() => 0), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
