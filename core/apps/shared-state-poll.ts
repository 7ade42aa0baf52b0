import { toDisposable, type Disposable } from '../disposables.js';
import type { Logger } from '../logging/logger.js';
import type { AppSettingsService } from './app-settings-service.js';

/**
 * What `pitwall settings` or another controller on the same database changed reaches this one every `ms`:
 * live settings (to the apps) and permission groups (to every check). A read still running skips a tick.
 */
export function pollSharedState(appSettings: AppSettingsService, access: { reload(): Promise<void> }, logger: Logger, ms: number): Disposable {
  const log = logger.child({ label: 'settings' });
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    Promise.all([
      appSettings.refresh().catch((error: unknown) => log.warn(`Could not read the live settings: ${(error as Error).message}`)),
      access.reload().catch((error: unknown) => log.warn(`Could not read the permission groups: ${(error as Error).message}`)),
    ]).finally(() => (running = false));
  }, ms).unref();
  return toDisposable(() => clearInterval(timer));
}
