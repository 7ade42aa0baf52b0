import { validateSettings } from '../config/loader.js';
import type { Settings } from '../config/schema.js';
import * as base from '../../settings/base.js';

/** Settings for a test core: sandbox on a free port with no simulated activity, nothing sent anywhere. */
export function testSettings(overrides: Partial<Settings> & { DATA_DIR: string }): Settings {
  return validateSettings({
    ...structuredClone(baseSettings()),
    SANDBOX: true,
    SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 8 },
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'test-password' },
    ANALYTICS: false,
    LOGGING_REPORTING: 0,
    APPS: [],
    // A test that wants the web dashboard turns it on; port 0 keeps parallel tests apart.
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
    ...overrides,
  });
}

export function baseSettings(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(base));
}
