/**
 * The race HUD under a full server: the records app on a map with 100,000 records and 200 connected players,
 * the sandbox in a process of its own. Two figures, timed in the controller's process from the callback's
 * frame read off the socket to the frame carrying the page written to it:
 * - a finish that takes record #1 (the top rows change for everyone): the records widget's redraw, warm (in
 *   a controller that has handled finishes before) and cold (the first finish in a new process, at the end of
 *   the player's run: a finish always comes after the map's checkpoints);
 * - a checkpoint crossing while every player races: that player's checkpoint difference.
 * `node dist/bench/ui-race.js [--quick]` runs it alone.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { recordsDatabase } from '../apps/records/migrations.js';
import { RecordStore, type RecordEntry } from '../apps/records/store.js';
import { validateSettings } from '../core/config/loader.js';
import { Runtime } from '../core/runtime.js';
import { openDatabase } from '../core/storage/database.js';
import * as base from '../settings/base.js';
import { format, percentile } from './stats.js';
import type { UiSandboxMessage } from './ui-protocol.js';
import { probeWire, type WireProbe, type WireWrite } from './ui-wire.js';

const credentials = { user: 'SuperAdmin', password: 'SuperAdmin' };
const WIDGET = 'pitwall.records.widget';
const CPS = 'pitwall.records.cps';
/** A page is redrawn at most once a second: each measured finish comes after the last redraw's second. */
export const FINISH_SPACING_MS = 1100;
/**
 * Time between a measured run's checkpoint crossings: each is handled before the next, as on a real server
 * (seconds apart there), and the finish is measured on its own.
 */
const CHECKPOINT_GAP_MS = 30;
/** Finishes a warm controller handles, unmeasured, before the measured ones. */
const WARM_UP = 10;
export const loginOf = (index: number): string => `player${index}`;
// Spread over ~100 s: the connected players hold records mid-table, none of them near the top.
const initialTime = (index: number): number => 40_000 + ((index * 7919) % 100_000);
const entryOf = (index: number): RecordEntry => {
  const time = initialTime(index);
  return { login: loginOf(index), nickName: `Player ${index}`, time, checkpoints: [Math.round(time / 3), Math.round((2 * time) / 3), time], at: new Date(1_700_000_000_000 + index).toISOString(), serverLogin: 'bench' };
};

/** The owner's settings for the bench's controller; `crowdPlayers` past which pages are shared (when Pitwall has the setting). */
export function benchSettings(folder: string, port: number, crowdPlayers?: number): ReturnType<typeof validateSettings> {
  return validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: folder,
    APPS: ['records'],
    ANALYTICS: false,
    SANDBOX: false,
    DEDICATED: { host: '127.0.0.1', port, ...credentials },
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
    ...(crowdPlayers !== undefined && 'UI_CROWD_PLAYERS' in base ? { UI_CROWD_PLAYERS: crowdPlayers } : {}),
  });
}

/** Starts a controller and resolves once every player is known and the widget has been written once. */
export async function startController(probe: WireProbe, folder: string, port: number, players: number, crowdPlayers?: number): Promise<Runtime> {
  const drawn = new Promise<void>((resolve) => {
    const stop = probe.onWrite((write) => {
      if (write.pages.some((page) => page.id === WIDGET)) resolve(stop());
    });
  });
  const settings = benchSettings(folder, port, crowdPlayers);
  const runtime = await Runtime.start({ settings, logging: { console: false }, processNet: false, watchdogs: false, appEntries: settings.APPS });
  while (runtime.server.players.size < players) await new Promise((resolve) => setTimeout(resolve, 5));
  await drawn;
  return runtime;
}

/**
 * Resolves once no page has been written for `ms`: the last redraw's second is over, so the next finish's
 * redraw is not held back (each page is redrawn at most once a second). After a start, twice as long: a
 * redraw that finds nothing changed (players' languages read as they join) writes nothing, yet holds its second.
 */
export async function quiet(probe: WireProbe, ms = FINISH_SPACING_MS): Promise<void> {
  let last = performance.now();
  const stop = probe.onWrite((write) => void (last = write.at));
  try {
    while (performance.now() - last < ms) await new Promise((resolve) => setTimeout(resolve, ms - (performance.now() - last)));
  } finally {
    stop();
  }
}

/** One measured finish: from its WayPoint frame to the write carrying the widget, and what it cost in all. */
export interface FinishSample {
  ms: number;
  /** Writes carrying ManiaLink pages, the page calls in them and their bytes, from the finish until the writes stop. */
  writes: number;
  calls: number;
  bytes: number;
}

/** Sends one finish through `drive` and measures it; resolves once its redraw is all written and a second old. */
export async function measureFinish(probe: WireProbe, login: string, drive: () => void): Promise<FinishSample> {
  let frameAt: number | undefined;
  let widgetAt: number | undefined;
  const writes: WireWrite[] = [];
  const stopFrames = probe.onWayPoint((frame) => {
    if (frame.login === login && frame.endRace) frameAt ??= frame.at;
  });
  const stopWrites = probe.onWrite((write) => {
    if (frameAt === undefined) return;
    writes.push(write);
    if (widgetAt === undefined && write.pages.some((page) => page.id === WIDGET)) widgetAt = write.at;
  });
  drive();
  await quiet(probe);
  stopFrames();
  stopWrites();
  if (frameAt === undefined || widgetAt === undefined) throw new Error(`The finish by ${login} was ${frameAt === undefined ? "not read" : "not drawn"}`);
  return {
    ms: widgetAt - frameAt,
    writes: writes.length,
    calls: writes.reduce((sum, write) => sum + write.calls, 0),
    bytes: writes.reduce((sum, write) => sum + write.bytes, 0),
  };
}

export interface FinishFigures {
  players: number;
  mode: string;
  warm: FinishSample[];
  cold: FinishSample[];
}

export interface CheckpointFigures {
  players: number;
  crossings: number;
  p50Ms: number;
  p99Ms: number;
}

interface Bench {
  folder: string;
  port: number;
  sandbox: ChildProcess;
  send(message: UiSandboxMessage): void;
  next<T>(): Promise<T>;
  close(): Promise<void>;
}

/** The sandbox process and a database holding `records` records on its map, every player already ranked there. */
async function prepare(records: number, players: number): Promise<Bench> {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-bench-race-'));
  const sandbox = fork(fileURLToPath(new URL('./ui-sandbox.js', import.meta.url)), [credentials.user, credentials.password]);
  const next = async <T>(): Promise<T> => ((await once(sandbox, 'message')) as [T])[0];
  const { port, mapUid } = await next<{ port: number; mapUid: string }>();
  const send = (message: UiSandboxMessage): void => void sandbox.send(message);
  const database = await openDatabase('', folder);
  await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
  await new RecordStore(database.namespace('app_records', "app 'records'")).importEntries(mapUid, Array.from({ length: records }, (_, index) => entryOf(index)));
  await database.close();
  send({ join: Array.from({ length: players }, (_, index) => loginOf(index)) });
  await next();
  return {
    folder,
    port,
    sandbox,
    send,
    next,
    async close() {
      const exited = once(sandbox, 'exit');
      send({ stop: true });
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Finishes that each take record #1, `warm` of them in one controller (after WARM_UP unmeasured), then `cold`
 * times a new controller process measuring its first finish. `crowdPlayers` picks the mode: past it pages are
 * shared, under it each player has their own rows.
 */
export async function benchFinishes(options: { records: number; players: number; warm: number; cold: number; crowdPlayers?: number; mode: string }): Promise<FinishFigures> {
  const bench = await prepare(options.records, options.players);
  // Faster and faster: each finish is the new record #1.
  let record = 39_000;
  let finisher = 0;
  const nextFinish = (): { login: string; time: number; gapMs: number } => ({ login: loginOf(finisher++ % options.players), time: record--, gapMs: CHECKPOINT_GAP_MS });
  try {
    const warm: FinishSample[] = [];
    const probe = probeWire();
    try {
      const runtime = await startController(probe, bench.folder, bench.port, options.players, options.crowdPlayers);
      try {
        await quiet(probe, 2 * FINISH_SPACING_MS);
        for (let index = -WARM_UP; index < options.warm; index++) {
          const finish = nextFinish();
          const sample = await measureFinish(probe, finish.login, () => bench.send({ finish }));
          if (index >= 0) warm.push(sample);
        }
      } finally {
        await runtime.stop();
      }
    } finally {
      probe.restore();
    }
    const cold: FinishSample[] = [];
    for (let run = 0; run < options.cold; run++) {
      const finish = nextFinish();
      const child = fork(fileURLToPath(new URL('./ui-cold.js', import.meta.url)), [bench.folder, String(bench.port), String(options.players), finish.login, String(options.crowdPlayers ?? '')]);
      const [ready] = (await once(child, 'message')) as [{ ready: true }];
      void ready;
      bench.send({ finish });
      const [sample] = (await once(child, 'message')) as [FinishSample];
      await once(child, 'exit');
      cold.push(sample);
    }
    return { players: options.players, mode: options.mode, warm, cold };
  } finally {
    await bench.close();
  }
}

/**
 * Every player racing (a checkpoint crossed every `roundMs` each, a finish after the map's last one), `rounds`
 * times: from each crossing's frame to the write carrying that player's checkpoint difference.
 */
export async function benchCheckpoints(options: { records: number; players: number; rounds: number; roundMs: number; crowdPlayers?: number }): Promise<CheckpointFigures> {
  const bench = await prepare(options.records, options.players);
  const probe = probeWire();
  try {
    const runtime = await startController(probe, bench.folder, bench.port, options.players, options.crowdPlayers);
    try {
      const crossedAt = new Map<string, number>();
      const samples: number[] = [];
      const stopFrames = probe.onWayPoint((frame) => {
        if (!frame.endRace) crossedAt.set(frame.login, frame.at);
      });
      const stopWrites = probe.onWrite((write) => {
        for (const page of write.pages) {
          const at = page.id === CPS ? crossedAt.get(page.to) : undefined;
          if (at === undefined) continue;
          samples.push(write.at - at);
          crossedAt.delete(page.to);
        }
      });
      const logins = Array.from({ length: options.players }, (_, index) => loginOf(index));
      // Some runs improve on the player's record, most do not.
      const finishTimes = Object.fromEntries(logins.map((login, index) => [login, initialTime(index) + (index % 5 === 0 ? -500 : 2_000)]));
      bench.send({ race: { logins, rounds: options.rounds, roundMs: options.roundMs, finishTimes } });
      const { raced } = await bench.next<{ raced: number }>();
      await new Promise((resolve) => setTimeout(resolve, 200));
      stopFrames();
      stopWrites();
      if (samples.length < raced * 0.99) throw new Error(`Only ${samples.length} of ${raced} crossings got their difference written`);
      samples.sort((a, b) => a - b);
      return { players: options.players, crossings: samples.length, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) };
    } finally {
      await runtime.stop();
    }
  } finally {
    probe.restore();
    await bench.close();
  }
}

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);

/** The lines `npm run bench` prints. */
export async function raceLines(quick: boolean): Promise<string[]> {
  const records = quick ? 10_000 : 100_000;
  const players = 200;
  const lines: string[] = [];
  const modes: { mode: string; crowdPlayers?: number }[] = [{ mode: 'shared page (default, past 40 players)' }, { mode: 'per-player rows', crowdPlayers: 1000 }];
  for (const { mode, crowdPlayers } of modes) {
    const figures = await benchFinishes({ records, players, warm: quick ? 5 : 40, cold: quick ? 2 : 10, crowdPlayers, mode });
    for (const [kind, samples] of [['warm', figures.warm], ['cold', figures.cold]] as const) {
      const ms = sorted(samples.map((sample) => sample.ms));
      const writes = samples.reduce((sum, sample) => sum + sample.writes, 0) / samples.length;
      const calls = samples.reduce((sum, sample) => sum + sample.calls, 0) / samples.length;
      const bytes = samples.reduce((sum, sample) => sum + sample.bytes, 0) / samples.length;
      lines.push(
        `${mode}, ${kind} (${samples.length} finishes): p50 ${format(percentile(ms, 50), 2)} ms, p99 ${format(percentile(ms, 99), 2)} ms to the widget's frame; ` +
          `per finish ${format(writes, 1)} ManiaLink writes, ${format(calls, 1)} page calls, ${format(bytes / 1024, 1)} KB`,
      );
    }
  }
  const checkpoints = await benchCheckpoints({ records, players, rounds: quick ? 5 : 20, roundMs: 1000 });
  lines.push(`checkpoint difference, ${checkpoints.players} players racing (${checkpoints.crossings} crossings): p50 ${format(checkpoints.p50Ms, 2)} ms, p99 ${format(checkpoints.p99Ms, 2)} ms to its frame`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await raceLines(process.argv.includes('--quick'))) process.stdout.write(`${line}\n`);
}
