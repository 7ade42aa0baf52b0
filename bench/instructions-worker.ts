/**
 * One measured workload, run by bench/instructions.ts under `valgrind --tool=callgrind`. After a warm-up it asks
 * callgrind to dump its counters (`callgrind_control --dump`), runs the workload twice, dumping after each ("ops",
 * "again"), then dumps once more right away ("idle"): the smaller section minus "idle" is the workload without
 * the cost of asking for a dump.
 *
 *   gbx <pitwall|floor|gbxremote> <GetStatus|GetMapList> <sequential|inflight> <count>
 *   dispatch <wrapped|bare> <count>
 *   records <sqlite|json> <count>
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordsDatabase } from '../apps/records/migrations.js';
import { IMPORT_BATCH, RecordStore, type RecordEntry } from '../apps/records/store.js';
import { openDatabase } from '../core/storage/database.js';
import { startDispatchTargets } from './dispatch.js';
import type { AnsweredMethod } from './gbx-answers.js';
import { connectClients, inFlight, sequential, startAnswerServer } from './gbx-throughput.js';
import { JsonRecordStore } from './json-record-store.js';

const dump = (name: string): void => {
  execFileSync('callgrind_control', [`--dump=${name}`, String(process.pid)], { stdio: 'ignore' });
};

/**
 * Two measured sections after the warm-up: a late optimising compile of some function lands in at most one of
 * them, and the reader takes the smaller.
 */
async function measure(warm: () => Promise<void> | void, run: () => Promise<void> | void): Promise<void> {
  await warm();
  dump('warm');
  await run();
  dump('ops');
  await run();
  dump('again');
  dump('idle');
}

const [workload, ...args] = process.argv.slice(2);

if (workload === 'gbx') {
  const [client, method, mode, count] = args as ['pitwall' | 'floor' | 'gbxremote', AnsweredMethod, 'sequential' | 'inflight', string];
  const server = await startAnswerServer(method);
  // Under callgrind a 500-map answer takes seconds to decode: 100 of them in flight outlast the default timeout.
  const clients = await connectClients(server.port, 600_000);
  const call = clients[client];
  const run = (requests: number) => (mode === 'sequential' ? sequential(call, method, requests) : inFlight(call, method, requests, 100));
  await measure(
    async () => void (await run(Math.max(Math.min(100, Number(count)), Number(count) * 2))),
    async () => void (await run(Number(count))),
  );
  clients.close();
  server.stop();
} else if (workload === 'dispatch') {
  const [target, count] = args as ['wrapped' | 'bare', string];
  const targets = await startDispatchTargets('trivial');
  await measure(
    () => targets[target](Number(count) * 2),
    () => targets[target](Number(count)),
  );
  await targets.stop();
} else if (workload === 'records') {
  const [store, count] = args as ['sqlite' | 'json', string];
  const records = 10_000;
  const map = 'bench-map';
  const entryOf = (index: number, time: number): RecordEntry => ({
    login: `player-${index}`,
    nickName: `Player ${index}`,
    time,
    checkpoints: [Math.round(time / 3), Math.round((2 * time) / 3)],
    at: new Date(1_700_000_000_000 + index).toISOString(),
    serverLogin: 'bench',
  });
  const initialTime = (index: number): number => 30_000 + ((index * 7919) % 100_000);
  const all = Array.from({ length: records }, (_, index) => entryOf(index, initialTime(index)));
  const folder = mkdtempSync(join(tmpdir(), 'pitwall-instructions-'));
  let op = 0;
  if (store === 'sqlite') {
    const database = await openDatabase('', folder, {});
    await database.migrate('app_records', "app 'records'", recordsDatabase.migrations);
    const sqlite = new RecordStore(database.namespace('app_records', "app 'records'"));
    for (let start = 0; start < all.length; start += IMPORT_BATCH) await sqlite.importEntries(map, all.slice(start, start + IMPORT_BATCH));
    const operations = async (n: number): Promise<void> => {
      for (let end = op + n; op < end; op++) {
        const index = (op * 104_729) % records;
        await sqlite.submit(map, entryOf(index, initialTime(index) - 1 - op), { rankUpTo: 10 });
        await sqlite.top(map, 10);
      }
    };
    await measure(() => operations(20), () => operations(Number(count)));
    await database.close();
  } else {
    const sorted = all.map(({ login, nickName, time, at }) => ({ login, nickName, time, at })).sort((a, b) => a.time - b.time);
    writeFileSync(join(folder, 'records.json'), JSON.stringify({ [map]: sorted }));
    const json = new JsonRecordStore(folder);
    const operations = (n: number): void => {
      for (let end = op + n; op < end; op++) {
        const index = (op * 104_729) % records;
        const { login, nickName, time, at } = entryOf(index, initialTime(index) - 1 - op);
        json.submit(map, { login, nickName, time, at });
        json.top(map, 10);
      }
    };
    await measure(() => operations(5), () => operations(Number(count)));
  }
  rmSync(folder, { recursive: true, force: true });
} else {
  throw new Error(`unknown workload '${workload}': use gbx, dispatch or records`);
}
