import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDefinition } from '../core/apps/define.js';
import { validateSettings } from '../core/config/loader.js';
import { Runtime } from '../core/runtime.js';
import * as base from '../settings/base.js';
import { median } from './stats.js';

export interface BootResult {
  noAppsMs: number;
  twentyAppsMs: number;
}

/** One boot (sandbox, connect, load state, start apps) and stop; returns the milliseconds the boot took. */
export async function bootOnce(apps: AppDefinition[]): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-boot-'));
  const settings = validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: dataDir,
    SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 0 },
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'SuperAdmin' },
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
  });
  const start = performance.now();
  const runtime = await Runtime.start({ settings, logging: { console: false }, processNet: false, appEntries: apps });
  const elapsed = performance.now() - start;
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return elapsed;
}

/** `count` trivial apps, each depending on the one before. */
export function chainedApps(count: number): AppDefinition[] {
  return Array.from({ length: count }, (_, index): AppDefinition => ({
    id: `app${index}`,
    version: '1.0.0',
    dependsOn: index > 0 ? [`app${index - 1}`] : [],
    init: (ctx) => void ctx.on('playerChat', () => undefined),
    start: () => undefined,
  }));
}

/** Boot time with no apps vs 20 trivial chained apps, each as a median of 5. */
export async function benchBoot(): Promise<BootResult> {
  const trivial = chainedApps(20);
  await bootOnce(trivial);
  return { noAppsMs: await median(5, () => bootOnce([])), twentyAppsMs: await median(5, () => bootOnce(trivial)) };
}
