import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recordsDatabase } from '../apps/records/migrations.js';
import { IMPORT_BATCH, RecordStore, type RecordEntry } from '../apps/records/store.js';
import type { AppsEntry } from '../core/apps/load.js';
import { validateSettings } from '../core/config/loader.js';
import { Runtime } from '../core/runtime.js';
import { openDatabase } from '../core/storage/database.js';
import * as base from '../settings/base.js';
import { format } from './stats.js';

const MAP = 'bench-map';

/** `//app reload records` with 100,000 records on a map: from the request to the new version RUNNING, in ms. */
export async function benchAppReload(records: number, entry: AppsEntry, rounds = 3): Promise<{ ms: number[]; answer: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-bench-reload-'));
  try {
    const database = await openDatabase('', folder);
    await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
    const store = new RecordStore(database.namespace('app_records', "app 'records'"));
    const all = Array.from({ length: records }, (_, index): RecordEntry => {
      const time = 30_000 + ((index * 7919) % 100_000);
      return { login: `player-${index}`, nickName: `Player ${index}`, time, checkpoints: [Math.round(time / 3)], at: new Date(1_700_000_000_000 + index).toISOString(), serverLogin: 'bench' };
    });
    for (let start = 0; start < all.length; start += IMPORT_BATCH) await store.importEntries(MAP, all.slice(start, start + IMPORT_BATCH));
    await database.close();
    const settings = validateSettings({
      ...Object.fromEntries(Object.entries(base)),
      DATA_DIR: folder,
      APPS: [entry],
      SANDBOX_ACTIVITY: { enabled: false, intervalMs: 1000, maxPlayers: 0 },
      DEDICATED: { host: '127.0.0.1', port: 0, user: 'SuperAdmin', password: 'SuperAdmin' },
      DASHBOARD: { enabled: false, host: '127.0.0.1', port: 0 },
      LOGGING_REPORTING: 1,
      ANALYTICS: false,
    });
    const runtime = await Runtime.start({ settings, logging: { console: false }, processNet: false, watchdogs: false, errorSink: { capture: () => undefined } });
    const ms: number[] = [];
    let answer = '';
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      answer = await runtime.host.reloadApp('records', 'bench');
      ms.push(performance.now() - started);
    }
    await runtime.stop();
    return { ms, answer };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function appReloadLines(records: number): Promise<string[]> {
  const lines: string[] = [];
  for (const [name, entry] of [['in process', 'records'], ['in a worker', { id: 'records', isolation: 'worker' }]] as const) {
    const { ms, answer } = await benchAppReload(records, entry);
    lines.push(`records with ${format(records)} records, ${name}: reload ${ms.map((value) => format(value, 0)).join(', ')} ms (${answer.split(':')[0]})`);
  }
  return lines;
}

// `node dist/bench/app-reload.js [--quick]` runs this benchmark alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`Node ${process.version}\n${(await appReloadLines(process.argv.includes('--quick') ? 10_000 : 100_000)).join('\n')}\n`);
}
