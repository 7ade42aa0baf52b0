import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { validateSettings } from '../core/config/loader.js';
import { Redactor } from '../core/reporting/redact.js';
import { ReportBuilder } from '../core/reporting/report.js';
import { Runtime } from '../core/runtime.js';
import * as base from '../settings/base.js';
import { percentile } from './stats.js';

function settingsFor(dataDir: string, overrides: Record<string, unknown> = {}) {
  return validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: dataDir,
    APPS: [],
    SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 0 },
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'bench-password-1' },
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
    ...overrides,
  });
}

/** About 2 KB of event payload, shaped like a chat callback with player and map data. */
export function typicalPayload(): Record<string, unknown> {
  return {
    login: 'some-player',
    text: '/records top',
    player: { login: 'some-player', nickName: '$o$f80Some Player', playerId: 12, teamId: -1, isSpectator: false, ladderRanking: 1234 },
    map: { uid: 'SandboxMap01uid_______', name: 'Sandbox Sprint', fileName: 'Campaigns/Sandbox/Sandbox_Sprint.Map.Gbx', authorTime: 24512 },
    history: Array.from({ length: 12 }, (_, index) => ({ at: 1795590000 + index, login: `player-${index}`, time: 24_000 + index * 37, note: 'checkpoint split' })),
    auth: { token: 'not-to-be-sent' },
  };
}

export function nestedError(): Error {
  const inner = new Error('socket hang up while saving records for Sandbox Sprint');
  return new TypeError("Cannot read properties of undefined (reading 'uid')", { cause: inner });
}

export interface ReportBuildResult {
  p50Ms: number;
  p99Ms: number;
  /** The same event data through JSON.stringify alone, as the floor any report costs. */
  baselineP50Ms: number;
}

/** Build + redact time of one level-2 report for a typical error with ~2 KB of context. */
export async function benchReportBuild(count: number): Promise<ReportBuildResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-report-'));
  const settings = settingsFor(dataDir);
  const redactor = new Redactor(['bench-password-1', 'https://key@example.invalid/1']);
  const builder = new ReportBuilder(redactor, { settings });
  const payload = typicalPayload();
  const attribution = { app: 'records', appVersion: '1.0.0', event: { name: 'playerChat', payload } };
  const times: number[] = [];
  const baseline: number[] = [];
  for (let index = 0; index < count; index++) {
    const error = nestedError();
    let start = performance.now();
    JSON.stringify({ message: error.message, stack: error.stack, cause: (error.cause as Error).stack, payload });
    baseline.push(performance.now() - start);
    start = performance.now();
    JSON.stringify(builder.build({ error, attribution }, 2));
    times.push(performance.now() - start);
  }
  rmSync(dataDir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  baseline.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), baselineP50Ms: percentile(baseline, 50) };
}

export interface StormResult {
  perSecond: number;
  errors: number;
  seconds: number;
  rssGrowthMb: number;
  lagP99Ms: number;
  reportsWritten: number;
}

/** 100k errors from one app's handler through the real pipeline (level 2, local reports): memory and loop lag. */
export async function benchErrorStorm(errors: number, options: { captureLocals?: boolean; distinct?: boolean } = {}): Promise<StormResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-storm-'));
  const settings = settingsFor(dataDir, { LOGGING_REPORTING: 2, APP_ERROR_BUDGET: { count: 1_000_000, seconds: 60 } });
  const runtime = await Runtime.start({
    settings,
    logging: { console: false },
    processNet: false,
    watchdogs: false,
    reporting: { captureLocals: options.captureLocals ?? true },
    appEntries: [
      {
        id: 'stormy',
        version: '1.0.0',
        init: (ctx) =>
          void ctx.on('playerChat', ({ text }) => {
            const mapUid = `map-${text}`;
            throw new RangeError(`no record for ${mapUid}`);
          }),
      },
    ],
  });
  const events = runtime.events;
  let counter = 0;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const start = performance.now();
  const batch = 500;
  for (let sent = 0; sent < errors; sent += batch) {
    for (let index = 0; index < batch; index++) events.emit('playerChat', { login: 'some-player', text: options.distinct ? String(counter++) : 'boom', isCommand: false, channel: 'normal' });
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - start) / 1000;
  lag.disable();
  global.gc?.();
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  const { readdirSync } = await import('node:fs');
  const reportsWritten = readdirSync(join(dataDir, 'reports')).length;
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { errors, seconds, perSecond: errors / seconds, rssGrowthMb, lagP99Ms: lag.percentile(99) / 1e6, reportsWritten };
}
