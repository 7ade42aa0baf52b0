import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { container as rootContainer } from 'tsyringe';
import type { AppInfo } from '../core/apps/registry.js';
import { validateSettings } from '../core/config/loader.js';
import { createLogger, Logger } from '../core/logging/logger.js';
import { Settings } from '../core/config/schema.js';
import { registerReporting } from '../core/reporting/compose.js';
import { ExceptionHandler } from '../core/reporting/exception-handler.js';
import { Redactor } from '../core/reporting/redact.js';
import * as base from '../settings/base.js';
import { nestedError, typicalPayload } from './reporting.js';
import { format, percentile } from './stats.js';

/**
 * The text of one error on its way to the envelopes, as the exception handler builds it: the owner's report
 * (level 2, serialized as sent) and the level-3 feed of the failing app, for a typical error with ~2 KB of
 * context. Run alone with `node dist/bench/report-path.js`.
 */

export interface ReportPathResult {
  coreP50Ms: number;
  coreP99Ms: number;
  feedP50Ms: number;
  feedP99Ms: number;
}

export async function benchReportPath(count: number): Promise<ReportPathResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-path-'));
  const settings = validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: dataDir,
    APPS: [],
    LOGGING_REPORTING: 3,
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'bench-password-1' },
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
  });
  const container = rootContainer.createChildContainer();
  const redactor = new Redactor(['bench-password-1', 'https://key@example.invalid/1']);
  container.register(Settings, { useValue: settings });
  container.register(Logger, { useValue: createLogger({ debug: false, dataDir, console: false, transports: [] }) });
  container.register(Redactor, { useValue: redactor });
  const app: AppInfo = { id: 'records', version: '1.0.0', reporting: { dsn: 'http://key@127.0.0.1:9/1' } };
  registerReporting(container, { server: () => undefined, apps: () => ({ app: (id) => (id === app.id ? app : undefined), ids: () => [app.id] }) }, { captureLocals: false });
  const handler = container.resolve(ExceptionHandler);
  const attribution = { app: 'records', appVersion: '1.0.0', event: { name: 'playerChat', payload: typicalPayload() } };
  const core: number[] = [];
  const feed: number[] = [];
  for (let index = 0; index < count; index++) {
    const error = nestedError();
    let start = performance.now();
    handler.preview(error, attribution, 2);
    core.push(performance.now() - start);
    start = performance.now();
    handler.previewFeed(error, attribution, 'records');
    feed.push(performance.now() - start);
  }
  rmSync(dataDir, { recursive: true, force: true });
  core.sort((a, b) => a - b);
  feed.sort((a, b) => a - b);
  return { coreP50Ms: percentile(core, 50), coreP99Ms: percentile(core, 99), feedP50Ms: percentile(feed, 50), feedP99Ms: percentile(feed, 99) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await benchReportPath(Number(process.argv[2] ?? 3000));
  console.log(
    `owner report (level 2, as sent): p50 ${format(result.coreP50Ms, 3)} ms, p99 ${format(result.coreP99Ms, 3)} ms; ` +
      `feed: p50 ${format(result.feedP50Ms, 3)} ms, p99 ${format(result.feedP99Ms, 3)} ms`,
  );
}
