import 'reflect-metadata';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ErrorSink } from '../core/apps/error-sink.js';
import { validateSettings } from '../core/config/loader.js';
import { Runtime } from '../core/runtime.js';
import * as base from '../settings/base.js';
import { format, middle } from './stats.js';

export interface DispatchResult {
  bareEmitsPerSecond: number;
  wrappedEmitsPerSecond: number;
  /** Median over rounds of (bare rate / wrapped rate) measured back to back. */
  timePerEvent: number;
}

/** Handlers of two weights: one that does almost nothing, and one shaped like a chat handler in an app. */
const players = new Map(Array.from({ length: 50 }, (_, index) => [`player-${index}`, { nickName: `Player ${index}` }]));
const recent: string[] = [];
const handlers = {
  trivial: (event: { text: string }): number => event.text.length,
  typical: (event: { login: string; text: string }): number => {
    const nick = players.get(event.login)?.nickName ?? event.login;
    const line = `[${nick}] ${event.text.trim().toLowerCase()}`;
    if (recent.push(line) > 100) recent.shift();
    return line.length;
  },
};
export type HandlerKind = keyof typeof handlers;

const payload = { login: 'player-7', text: ' GG, nice run ', isCommand: false, channel: 'normal' as const };

export interface DispatchTargets {
  /** Emits `count` chat events on a bare EventEmitter with the handler. */
  bare(count: number): void;
  /** Emits `count` chat events on the runtime's event bus, where an app registered the handler. */
  wrapped(count: number): void;
  /** Stops the runtime; throws if the handler never ran. */
  stop(): Promise<void>;
}

/** A runtime with one app handling playerChat, and a bare EventEmitter with the same handler. */
export async function startDispatchTargets(kind: HandlerKind): Promise<DispatchTargets> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pitwall-bench-'));
  const settings = validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: dataDir,
    APPS: [],
    SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 0 },
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'SuperAdmin' },
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
    // Measures dispatch alone: no inspector session (level 2+) attached to the process.
    LOGGING_REPORTING: 1,
  });
  let received = 0;
  const work = handlers[kind];
  const handler = (event: { login: string; text: string }): void => {
    received += work(event);
  };
  const errorSink: ErrorSink = { capture: () => undefined };
  const runtime = await Runtime.start({
    settings,
    logging: { console: false },
    processNet: false,
    watchdogs: false,
    errorSink,
    appEntries: [{ id: 'bench', version: '1.0.0', init: (ctx) => void ctx.on('playerChat', handler) }],
  });
  const emitter = new EventEmitter();
  emitter.on('playerChat', handler);
  const events = runtime.events;
  return {
    bare: (count) => {
      for (let index = 0; index < count; index++) emitter.emit('playerChat', payload);
    },
    wrapped: (count) => {
      for (let index = 0; index < count; index++) events.emit('playerChat', payload);
    },
    stop: async () => {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (received === 0) throw new Error('the handler never ran');
    },
  };
}

/** Events per second: a bare EventEmitter vs the event bus with an app handler wrapped for attribution. */
export async function benchDispatch(count: number, kind: HandlerKind): Promise<DispatchResult> {
  const targets = await startDispatchTargets(kind);
  const rate = (emit: (count: number) => void): number => {
    const start = performance.now();
    emit(count);
    return count / ((performance.now() - start) / 1000);
  };
  const bare = (): number => rate(targets.bare);
  const wrapped = (): number => rate(targets.wrapped);
  bare();
  wrapped();
  // Rounds alternate and the ratio is taken per round: on a shared machine the load changes between rounds.
  const rounds = Array.from({ length: 7 }, () => ({ bare: bare(), wrapped: wrapped() }));
  const result = {
    bareEmitsPerSecond: middle(rounds.map((round) => round.bare)),
    wrappedEmitsPerSecond: middle(rounds.map((round) => round.wrapped)),
    timePerEvent: middle(rounds.map((round) => round.bare / round.wrapped)),
  };
  await targets.stop();
  return result;
}

/** The lines `npm run bench` prints for this benchmark. */
export async function dispatchLines(count: number): Promise<string[]> {
  const lines: string[] = [];
  for (const kind of ['trivial', 'typical'] as const) {
    const dispatch = await benchDispatch(count, kind);
    lines.push(
      `${kind.padEnd(7)} handler: bare ${format(dispatch.bareEmitsPerSecond)} /s, wrapped ${format(dispatch.wrappedEmitsPerSecond)} /s: ` +
        `time per event ${format(dispatch.timePerEvent, 2)}x`,
    );
  }
  return lines;
}

// `node dist/bench/dispatch.js [--quick]` runs this benchmark alone, e.g. to compare Node versions.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`Node ${process.version}\n${(await dispatchLines(process.argv.includes('--quick') ? 200_000 : 2_000_000)).join('\n')}\n`);
}
