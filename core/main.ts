import 'reflect-metadata';
import { loadSettings } from './config/loader.js';
import type { Settings } from './config/schema.js';
import { PitwallError } from './errors.js';
import { closeLogger } from './logging/logger.js';
import { Runtime } from './runtime.js';
import { PITWALL_VERSION } from './version.js';

/** Loads the owner's settings: settings/base.ts, then PITWALL_SETTINGS, then PITWALL_<KEY> variables. */
export async function loadOwnerSettings(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const base = (await import('../settings/base.js')) as Record<string, unknown>;
  return loadSettings({ base, env });
}

/** `pitwall start`: runs the controller until SIGINT or SIGTERM. Returns the exit code. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let settings: Settings;
  try {
    settings = await loadOwnerSettings(env);
  } catch (error) {
    return explainAndFail(error);
  }
  // Listen first, so a signal during boot still leads to an orderly stop.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // The controller runs until it is told to stop.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let runtime: Runtime;
  try {
    runtime = await Runtime.start({ settings });
  } catch (error) {
    clearInterval(keepAlive);
    return explainAndFail(error);
  }
  runtime.logger.info(`Pitwall ${PITWALL_VERSION} started (Node ${process.version}); press Ctrl+C to stop`);
  const signal = await stopSignal;
  clearInterval(keepAlive);
  runtime.logger.info(`${signal} received, stopping`);
  const code = await stopWithin(runtime, settings.SHUTDOWN_TIMEOUT_MS);
  runtime.logger.info(code === 0 ? 'Pitwall stopped' : 'Pitwall stopped before everything had finished');
  await closeLogger(runtime.logger);
  // What did not stop in time (an app's stop(), an open socket) must not keep the process alive; the
  // short delay lets buffered output reach a pipe first. The timer does not itself hold the process.
  if (code !== 0) setTimeout(() => process.exit(code), 200).unref();
  return code;
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
