import { loadOwnerSettings } from '../main.js';
import { BUNDLED_APPS_FOLDER, entryName, loadApp } from '../apps/load.js';
import type { AppInfo } from '../apps/registry.js';
import type { Settings } from '../config/schema.js';
import { createLogger } from '../logging/logger.js';
import { Runtime } from '../runtime.js';

/** Every app in APPS that loads (not started: loading runs no app code but its module's). */
export async function configuredApps(settings: Settings): Promise<AppInfo[]> {
  const apps: AppInfo[] = [];
  for (const entry of settings.APPS) {
    try {
      const { definition, folder } = await loadApp(entryName(entry), { bundledFolder: BUNDLED_APPS_FOLDER, cwd: process.cwd() });
      apps.push({ id: definition.id, version: definition.version, folder, reporting: definition.reporting });
    } catch {
      // An app that cannot load would not run, so it would not be in the ping.
    }
  }
  return apps;
}

/** Starts the controller without apps or console logging (to read live server state), runs `fn`, stops. */
export async function withQuietRuntime(fn: (runtime: Runtime, settings: Settings) => Promise<number>): Promise<number> {
  const settings = await loadOwnerSettings();
  const runtime = await Runtime.start({
    // No dashboard either: the running controller's has the port, and this one lives for a moment.
    settings: { ...settings, SANDBOX_ACTIVITY: { ...settings.SANDBOX_ACTIVITY, enabled: false }, DASHBOARD: { ...settings.DASHBOARD, enabled: false } },
    // A controller may already run the sandbox on DEDICATED.port: this one takes any free port.
    sandboxPort: 0,
    // No console and no log file: these commands print their own output and leave no trace.
    logger: createLogger({ debug: false, console: false }),
    // No apps, so the runtime keeps its database in memory and writes nothing to DATA_DIR.
    appEntries: [],
    processNet: false,
    watchdogs: false,
    // Only the preview is wanted: never schedule pings from here.
    env: { ...process.env, DO_NOT_TRACK: '1' },
  });
  try {
    return await fn(runtime, settings);
  } finally {
    await runtime.stop();
  }
}
