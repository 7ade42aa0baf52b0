/**
 * The records bench on each SQLite library this Node can run: submit (an improved time) + top-10 on one map
 * holding 100,000 records, p50/p99, and the longest single query of each kind (both libraries are
 * synchronous, so that is how long the event loop waits). Run it with the Node to compare on:
 * `node dist/bench/records-drivers.js [operations]`.
 */
import { benchRecords } from './records.js';
import { format } from './stats.js';
import type { SqliteEngineName } from '../core/storage/sqlite-engine.js';

const operations = Number(process.argv[2] ?? 3000);
const major = Number(process.versions.node.split('.')[0]);
const engines: SqliteEngineName[] = major < 22 ? ['better-sqlite3-node20'] : ['better-sqlite3', 'node:sqlite'];

console.log(`Node ${process.version}, 100,000 records, ${operations} submit + top-10 each\n`);
console.log('| driver | submit + top-10 p50 | p99 | CPU per operation | longest submit | longest top-10 | longest top-50 | longest rank | longest import batch |');
console.log('|---|---|---|---|---|---|---|---|---|');
// Twice, alternating, so neither library always runs on a cold (or warm) machine.
for (const round of [1, 2]) {
  for (const engine of engines) {
    const result = await benchRecords(100_000, operations, 0, engine);
    const ms = (value: number, digits = 3) => `${format(value, digits)} ms`;
    console.log(
      `| ${engine} (round ${round}) | ${ms(result.sqliteP50Ms)} | ${ms(result.sqliteP99Ms)} | ${ms(result.sqliteCpuMsPerOperation)} | ` +
        `${ms(result.longestMs.submit, 2)} | ${ms(result.longestMs.top10, 2)} | ${ms(result.longestMs.top50, 2)} | ${ms(result.longestMs.rank, 2)} | ${ms(result.longestMs.importBatch, 1)} |`,
    );
  }
}
