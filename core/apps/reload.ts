import { DisposableStore } from '../disposables.js';
import { PitwallError } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { CommandRegistry } from '../server/commands.js';
import type { ServerEvents } from '../server/events.js';
import type { UiManager } from '../ui/manager.js';
import { setState, type AppGate, type AppRecord, type AppState } from './app-record.js';
import type { AppSettingsService } from './app-settings-service.js';
import type { AppTimers } from './app-timers.js';
import type { AppDefinition } from './define.js';
import type { FaultBoundary } from './fault-boundary.js';
import { SwapHold } from './swap-hold.js';
import { loadApp, type AppLoadOptions, type AppsEntry } from './load.js';
import type { WorkerApp } from './worker/host-side.js';

/** What a reload uses of the host: its services, its records and the steps of its state machine. */
export interface ReloadSteps {
  readonly logger: Logger;
  readonly boundary: FaultBoundary;
  readonly loadOptions: AppLoadOptions;
  readonly ui: UiManager;
  readonly appSettings: AppSettingsService;
  readonly timers: AppTimers;
  /** Where the calls made during the swap come from: the commands players type and the server events. */
  readonly commands: CommandRegistry;
  readonly events: ServerEvents;
  ids(): string[];
  record(id: string): AppRecord | undefined;
  /** Whether the host is stopping. */
  stopping(): boolean;
  loadInWorker(record: AppRecord, asked: Exclude<AppsEntry, string>, options: { swap?: boolean }): Promise<{ definition: AppDefinition; folder?: string; worker: WorkerApp }>;
  shutDown(record: AppRecord): Promise<void>;
  startApp(record: AppRecord): Promise<void>;
}

/** `pitwall apps reload <id>` and `//app reload`: an app's code loaded afresh and swapped in (see AppHost.reloadApp). */
export async function reloadApp(steps: ReloadSteps, id: string, by: string): Promise<string> {
  const record = steps.record(id);
  if (!record) return `There is no app '${id}' (loaded: ${steps.ids().join(', ') || 'none'}).`;
  if (record.entry.startsWith('<inline app')) return `App '${id}' was given as a definition, not a module: there is no file to load again.`;
  if (steps.stopping() || (record.state !== 'RUNNING' && record.state !== 'FAILED' && record.state !== 'STOPPED')) {
    return `App '${id}' is ${record.state}: reload it once it is running or failed.`;
  }
  const begun = Date.now();
  steps.logger.info(`App '${id}' reloads, as asked by ${by}`);
  let loaded: { definition: AppDefinition; folder?: string; worker?: WorkerApp };
  try {
    loaded = record.isolation === 'worker'
      ? await steps.loadInWorker(record, { id: record.entry, ...(record.heapMb !== undefined ? { heapMb: record.heapMb } : {}) }, { swap: true })
      : await loadApp(record.entry, steps.loadOptions, { generation: record.reloads + 1 });
    if (loaded.definition.id !== id) {
      throw new PitwallError('PW_ERR_APP_INVALID', { entry: record.entry, problem: `its id is now '${loaded.definition.id}', not '${id}'; an app keeps its id across a reload` });
    }
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined) steps.boundary.capture(cause, record.attribution);
    const keeps = record.state === 'RUNNING' ? ` Version ${record.version} keeps running.` : '';
    steps.logger.warn(`App '${id}' was not reloaded: ${(error as Error).message}${keeps}`);
    return `App '${id}' was not reloaded: ${(error as Error).message.split('\n')[0]}${keeps}`;
  }
  record.reloads += 1;
  const old = { definition: record.definition!, version: record.version, attribution: record.attribution, worker: record.worker };
  const wasRunning = record.state === 'RUNNING';
  clearTimeout(record.restartTimer);
  steps.ui.holdPages(id);
  // From here until a version runs again, what players and the server ask of the app waits in the hold.
  const hold = wasRunning ? new SwapHold(id, steps.commands, steps.events, steps.logger) : undefined;
  if (hold) {
    holdGate(record.gate, hold);
    setState(record, record.state);
    steps.logger.debug(`App '${id}' swaps versions: its calls wait until a version runs`);
    await steps.shutDown(record);
    holdGate(record.gate, undefined);
    hold.standIn();
  }
  const swapIn = (definition: AppDefinition, worker: WorkerApp | undefined): void => {
    // A gate of its own: the old version's handlers, still referenced somewhere, stay shut out.
    record.gate = { active: false, accepting: false, hold };
    record.definition = definition;
    record.version = definition.version;
    record.attribution = { app: id, appVersion: definition.version, ...(record.isolation === 'worker' ? { isolation: 'worker' as const } : {}) };
    record.worker = worker;
    steps.appSettings.register(definition, record.attribution);
    record.store = new DisposableStore();
    record.reason = undefined;
    record.restarts = 0;
    steps.timers.resume(id);
  };
  swapIn(loaded.definition, loaded.worker);
  steps.appSettings.announceSecrets();
  await steps.startApp(record);
  if ((record.state as AppState) === 'RUNNING') {
    release(record, hold);
    await steps.ui.releaseHeld(id);
    const line = `App '${id}' reloaded: ${old.version} -> ${record.version}, running again in ${Date.now() - begun} ms.`;
    steps.logger.info(line);
    return line;
  }
  const reason = record.reason ?? record.state;
  if (wasRunning && record.isolation !== 'worker') {
    // The old module instance is still in memory: it starts again as it was.
    swapIn(old.definition, old.worker);
    await steps.startApp(record);
  }
  release(record, hold);
  await steps.ui.releaseHeld(id);
  const after = (record.state as AppState) === 'RUNNING' ? ` Version ${old.version} runs again.` : '';
  const line = `App '${id}' was not reloaded: its new version did not start: ${reason.split('\n')[0]}${after}`;
  steps.logger.warn(line);
  return line;
}

function holdGate(gate: AppGate, hold: SwapHold | undefined): void {
  (gate as { hold?: SwapHold }).hold = hold;
}

/** Ends the swap: the gate of the version that runs (if any) opens, then the held calls are handed over. */
function release(record: AppRecord, hold: SwapHold | undefined): void {
  if (!hold) return;
  holdGate(record.gate, undefined);
  setState(record, record.state);
  hold.release();
}
