import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineDatabase, type AppDefinition } from '../core/apps/define.js';
import { validateSettings } from '../core/config/loader.js';
import { Runtime } from '../core/runtime.js';
import { openDatabase } from '../core/storage/database.js';
import * as base from '../settings/base.js';
import { format } from './stats.js';

export interface BootResult {
  /** Each a restart: the data folder (its SQLite file, the core's and the apps' tables) kept from a start before. */
  noAppsMs: number;
  twentyAppsMs: number;
  /** 20 apps with a database namespace each, whose migrations already ran. */
  twentyDatabaseAppsMs: number;
  /** The first start on an empty data folder: the SQLite file and the core's tables are made (20 apps). */
  firstStartMs: number;
  firstStartNoAppsMs: number;
}

/**
 * One boot (sandbox, connect, load state, start apps) and stop; returns the milliseconds the boot took. With
 * `keptDataDir` the boot opens the SQLite file of that folder before the clock starts, as every boot with or
 * without apps then has the same database (a controller without apps would otherwise make a fresh in-memory
 * one, and migrate the core's tables into it, on each boot).
 */
export async function bootOnce(apps: AppDefinition[], keptDataDir?: string): Promise<number> {
  const dataDir = keptDataDir ?? mkdtempSync(join(tmpdir(), 'pitwall-boot-'));
  const settings = validateSettings({
    ...Object.fromEntries(Object.entries(base)),
    DATA_DIR: dataDir,
    SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 0 },
    DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'SuperAdmin' },
    DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
  });
  const database = keptDataDir ? await openDatabase('', keptDataDir) : undefined;
  const start = performance.now();
  const runtime = await Runtime.start({ settings, logging: { console: false }, processNet: false, appEntries: apps, ...(database ? { database } : {}) });
  const elapsed = performance.now() - start;
  await runtime.stop();
  await database?.close();
  if (!keptDataDir) rmSync(dataDir, { recursive: true, force: true });
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

/** `count` trivial apps with a table each (two migrations), as most bundled apps have. */
export function databaseApps(count: number): AppDefinition[] {
  const database = defineDatabase<{ notes: { id: number; text: string } }>({
    migrations: [
      { name: '001-notes', up: (db) => db.schema.createTable('notes').addColumn('id', 'integer', (column) => column.primaryKey()).addColumn('text', 'text').execute() },
      { name: '002-notes-by-text', up: (db) => db.schema.createIndex('notes_by_text').on('notes').column('text').execute() },
    ],
  });
  return chainedApps(count).map((app) => ({ ...app, database }));
}

/**
 * Boot time with no apps vs 20 trivial chained apps, and vs 20 with a database each (migrated), as a restart
 * (the data folder and its database kept, as on every start but the first), and the first start on an empty
 * data folder (where a controller with apps makes the SQLite file and the core's tables, and one without uses
 * memory only).
 * Medians of 9 rounds; the boots of a round run one after the other, so that a change in the machine's load
 * falls on all of them alike.
 */
export async function benchBoot(rounds = 9): Promise<BootResult> {
  const trivial = chainedApps(20);
  const withTables = databaseApps(20);
  const kept = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'pitwall-boot-kept-'))) as [string, string, string];
  const boots: (() => Promise<number>)[] = [
    () => bootOnce([], kept[0]),
    () => bootOnce(trivial, kept[1]),
    () => bootOnce(withTables, kept[2]),
    () => bootOnce(trivial),
    () => bootOnce([]),
  ];
  const times = boots.map((): number[] => []);
  try {
    for (const boot of boots) await boot();
    for (let round = 0; round < rounds; round++) for (const [index, boot] of boots.entries()) times[index]!.push(await boot());
  } finally {
    for (const folder of kept) rmSync(folder, { recursive: true, force: true });
  }
  const [noAppsMs, twentyAppsMs, twentyDatabaseAppsMs, firstStartMs, firstStartNoAppsMs] = times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!) as [number, number, number, number, number];
  return { noAppsMs, twentyAppsMs, twentyDatabaseAppsMs, firstStartMs, firstStartNoAppsMs };
}

/** The lines `npm run bench` prints for the boot. */
export async function bootLines(rounds = 9): Promise<string[]> {
  const boot = await benchBoot(rounds);
  return [
    `no apps ${format(boot.noAppsMs, 1)} ms, 20 apps ${format(boot.twentyAppsMs, 1)} ms = ${format(boot.twentyAppsMs / boot.noAppsMs, 2)}x`,
    `20 apps with a migrated table each ${format(boot.twentyDatabaseAppsMs, 1)} ms = ${format(boot.twentyDatabaseAppsMs / boot.noAppsMs, 2)}x`,
    `first start on an empty data folder (the SQLite file and the core's tables made): 20 apps ${format(boot.firstStartMs, 1)} ms, ` +
      `no apps ${format(boot.firstStartNoAppsMs, 1)} ms = ${format(boot.firstStartMs / boot.firstStartNoAppsMs, 2)}x`,
  ];
}

// `node dist/bench/boot.js [--quick]` runs this benchmark alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${(await bootLines(process.argv.includes('--quick') ? 3 : 9)).join('\n')}\n`);
  process.exit(0);
}
