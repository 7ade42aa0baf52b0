import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateSettings } from '../core/config/loader.js';
import { Runtime } from '../core/runtime.js';
import * as base from '../settings/base.js';
import { format, percentile } from './stats.js';

export interface DashboardJoinResult {
  joins: number;
  /** From the sandbox's PlayerConnect to the players event naming the player, read by an SSE client. */
  sseP50Ms: number;
  sseP99Ms: number;
  /** Baseline: from the same PlayerConnect to the controller's own playerConnect event (what apps see). */
  eventP50Ms: number;
  eventP99Ms: number;
}

/** A player joins the sandbox; how long until an open dashboard page's event stream lists them. */
export async function benchDashboardJoins(joins: number): Promise<DashboardJoinResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-dashboard-'));
  const settings = validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: dataDir,
    APPS: [],
    ANALYTICS: false,
    LOGGING_REPORTING: 0,
    SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 0 },
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'SuperAdmin' },
    DASHBOARD: { enabled: true, host: '127.0.0.1', port: 0 },
  });
  const runtime = await Runtime.start({ settings, logging: { console: false }, processNet: false, watchdogs: false, appEntries: [] });
  const controller = new AbortController();
  try {
    const dashboard = runtime.dashboard!;
    const token = new URL(dashboard.loginLink()).searchParams.get('token')!;
    const login = await fetch(new URL('/login', dashboard.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const stream = await fetch(new URL('/api/events', dashboard.url), { headers: { cookie }, signal: controller.signal });
    const seen = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!frame.startsWith('event: players\n')) continue;
            const now = performance.now();
            for (const player of JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as Array<{ login: string }>) {
              if (seen.has(player.login)) continue;
              seen.set(player.login, now);
              waiting.get(player.login)?.();
            }
          }
        }
      } catch {
        // Aborted at the end.
      }
    })();
    const sse: number[] = [];
    const event: number[] = [];
    const sandbox = runtime.sandbox!;
    for (let index = 0; index < joins; index++) {
      const player = `bench-${index}`;
      const listed = new Promise<void>((resolve) => waiting.set(player, resolve));
      let eventAt = 0;
      const connected = new Promise<void>((resolve) => {
        const subscription = runtime.events.on('playerConnect', (payload) => {
          if (payload.login !== player) return;
          eventAt = performance.now();
          subscription.dispose();
          resolve();
        });
      });
      const start = performance.now();
      sandbox.playerJoin(player, player, false);
      await Promise.all([connected, listed]);
      event.push(eventAt - start);
      sse.push(seen.get(player)! - start);
      // Leave again, so every join is measured with the same small list.
      const left = new Promise<void>((resolve) => {
        const subscription = runtime.events.on('playerDisconnect', (payload) => {
          if (payload.login !== player) return;
          subscription.dispose();
          resolve();
        });
      });
      sandbox.playerLeave(player, '');
      await left;
      seen.delete(player);
    }
    sse.sort((a, b) => a - b);
    event.sort((a, b) => a - b);
    return { joins, sseP50Ms: percentile(sse, 50), sseP99Ms: percentile(sse, 99), eventP50Ms: percentile(event, 50), eventP99Ms: percentile(event, 99) };
  } finally {
    controller.abort();
    await runtime.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function dashboardLines(result: DashboardJoinResult): string[] {
  return [
    `${result.joins} joins: the players row over SSE p50 ${format(result.sseP50Ms, 2)} ms, p99 ${format(result.sseP99Ms, 2)} ms; ` +
      `the controller's playerConnect event p50 ${format(result.eventP50Ms, 2)} ms, p99 ${format(result.eventP99Ms, 2)} ms = p50 ${format(result.sseP50Ms / result.eventP50Ms, 2)}x`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of dashboardLines(await benchDashboardJoins(Number(process.argv[2] ?? 100)))) process.stdout.write(`${line}\n`);
}
