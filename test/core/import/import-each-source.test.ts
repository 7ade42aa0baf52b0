// Each source's rows (schemas.ts, as each project's own tables hold them) imported into an empty Pitwall database:
// every kind of row lands where the apps read it, and importing the same database again changes nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import type { ImportSource } from '../../../core/import/source.js';
import { minicontrolSource } from '../../../core/import/sources/minicontrol.js';
import { pyplanetSource } from '../../../core/import/sources/pyplanet.js';
import { uasecoSource } from '../../../core/import/sources/uaseco.js';
import { openImportTarget } from '../../../core/import/target.js';
import { importRows, summaryLine, type ImportSummary } from '../../../core/import/writer.js';
import { openDatabase } from '../../../core/storage/database.js';
import { MINICONTROL_ROWS, PYPLANET_ROWS, UASECO_ROWS } from './schemas.js';
import { sqliteSource } from './sqlite-source.js';

const NOW = '2026-12-05T12:00:00.000Z';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pitwall-import-each-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Imports `ddl`'s rows, returning the summary line and every row of the tables the import writes. */
async function importOnce(source: ImportSource, ddl: string) {
  const database = await openDatabase('', dataDir);
  try {
    const target = await openImportTarget(database);
    const from = sqliteSource(ddl);
    let summary: ImportSummary;
    try {
      summary = await importRows(source.read(from), target, { source: source.id, serverLogin: 'srv', now: new Date(NOW) });
    } finally {
      await from.close();
    }
    return {
      line: summaryLine(summary, 'the test database'),
      rejected: summary.rejected.length,
      records: await target.records.selectFrom('records').select(['map_uid', 'login', 'nick_name', 'time', 'checkpoints', 'driven_at']).orderBy('login').orderBy('map_uid').execute(),
      players: await target.stats.selectFrom('players').select(['login', 'nick_name', 'play_ms', 'first_seen', 'last_seen']).orderBy('login').execute(),
      votes: await target.karma.selectFrom('votes').select(['map_uid', 'login', 'vote']).orderBy('login').orderBy('map_uid').execute(),
      maps: await target.ledger.selectFrom('maps').select(['uid', 'name', 'author']).orderBy('uid').execute(),
    };
  } finally {
    await database.close();
  }
}

const unchangedLine = (id: string, players: number, maps: number, records: number, karma: number, rejected: number) =>
  `Imported ${id} from the test database: players 0 added, 0 updated, ${players} unchanged; maps 0 added, 0 updated, ${maps} unchanged; ` +
  `records 0 added, 0 updated, ${records} unchanged; karma 0 added, 0 updated, ${karma} unchanged; ${rejected} rows not taken (listed above).`;

async function importTwice(source: ImportSource, ddl: string, expected: Omit<Awaited<ReturnType<typeof importOnce>>, 'line'>): Promise<string> {
  const first = await importOnce(source, ddl);
  const { line, ...stored } = first;
  assert.deepEqual(stored, expected);
  const again = await importOnce(source, ddl);
  assert.deepEqual({ ...again, line: undefined }, { ...first, line: undefined });
  assert.equal(again.line, unchangedLine(source.id, expected.players.length, expected.maps.length, expected.records.length, expected.votes.length, expected.rejected));
  return line;
}

it('MINIcontrol: players with play time, maps, records with checkpoints and likes land once', async () => {
  const line = await importTwice(minicontrolSource, MINICONTROL_ROWS, {
    rejected: 4,
    records: [
      { map_uid: 'uidA', login: 'Olga', nick_name: '$iOlga', time: 31000, checkpoints: '[31000]', driven_at: NOW },
      { map_uid: 'uidA', login: 'olga', nick_name: '$f00Ol$fffga', time: 30000, checkpoints: '[10000,20000,30000]', driven_at: NOW },
    ],
    players: [
      { login: 'Olga', nick_name: '$iOlga', play_ms: 0, first_seen: NOW, last_seen: NOW },
      { login: 'olga', nick_name: '$f00Ol$fffga', play_ms: 3_600_000, first_seen: '2024-01-01T10:00:00.000Z', last_seen: '2024-03-01T10:00:00.000Z' },
    ],
    votes: [
      { map_uid: 'uidA', login: 'Olga', vote: -1 },
      { map_uid: 'uidA', login: 'olga', vote: 1 },
    ],
    maps: [{ uid: 'uidA', name: '$s$0f0Green', author: 'nadeo' }],
  });
  assert.equal(
    line,
    'Imported minicontrol from the test database: players 2 added, 0 updated, 0 unchanged; maps 1 added, 0 updated, 0 unchanged; records 2 added, 0 updated, 0 unchanged; karma 2 added, 0 updated, 0 unchanged; 4 rows not taken (listed above).',
  );
});

it('UASECO: players with play time, maps, the best record across modes and ratings land once', async () => {
  const line = await importTwice(uasecoSource, UASECO_ROWS, {
    rejected: 4,
    records: [
      { map_uid: 'uidA', login: 'Olga', nick_name: '$iOlga', time: 46000, checkpoints: '[46000]', driven_at: '2020-05-01T18:00:00.000Z' },
      { map_uid: 'uidA', login: 'olga', nick_name: '$f00Ol$fffga', time: 45000, checkpoints: '[15000,30000,45000]', driven_at: '2020-05-01T19:00:00.000Z' },
    ],
    players: [
      { login: 'Olga', nick_name: '$iOlga', play_ms: 60_000, first_seen: '2020-05-02T20:00:00.000Z', last_seen: '2020-05-02T20:00:00.000Z' },
      { login: 'olga', nick_name: '$f00Ol$fffga', play_ms: 7_200_000, first_seen: '2020-05-01T20:00:00.000Z', last_seen: '2020-05-01T20:00:00.000Z' },
    ],
    votes: [
      { map_uid: 'uidA', login: 'Olga', vote: -1 },
      { map_uid: 'uidA', login: 'olga', vote: 1 },
    ],
    maps: [{ uid: 'uidA', name: '$s$0f0Canyon', author: 'nadeo' }],
  });
  assert.equal(
    line,
    'Imported uaseco from the test database: players 2 added, 0 updated, 0 unchanged; maps 1 added, 0 updated, 0 unchanged; records 2 added, 0 updated, 0 unchanged; karma 2 added, 0 updated, 0 unchanged; 4 rows not taken (listed above).',
  );
});

it('PyPlanet: players with play time and dates, maps, local records with checkpoints and karma land once', async () => {
  const line = await importTwice(pyplanetSource, PYPLANET_ROWS, {
    rejected: 6,
    records: [
      { map_uid: 'uidA', login: 'Olga', nick_name: '$i$o$09fOlga', time: 31000, checkpoints: '[31000]', driven_at: '2023-02-01T20:05:00.000Z' },
      { map_uid: 'uidA', login: 'olga', nick_name: '$f00Ol$fffga', time: 30000, checkpoints: '[10000,20000,30000]', driven_at: '2024-02-29T21:15:30.250Z' },
      { map_uid: 'uidB', login: 'olga', nick_name: '$f00Ol$fffga', time: 42000, checkpoints: '[42000]', driven_at: '2023-01-08T18:00:00.000Z' },
    ],
    players: [
      { login: 'Olga', nick_name: '$i$o$09fOlga', play_ms: 0, first_seen: '2023-02-01T20:00:00.000Z', last_seen: '2023-02-01T20:00:00.000Z' },
      { login: 'olga', nick_name: '$f00Ol$fffga', play_ms: 7_200_000, first_seen: '2023-01-05T18:00:00.412Z', last_seen: '2024-03-01T10:00:00.000Z' },
    ],
    votes: [
      { map_uid: 'uidA', login: 'Olga', vote: -1 },
      { map_uid: 'uidB', login: 'Olga', vote: 1 },
      { map_uid: 'uidA', login: 'olga', vote: 1 },
    ],
    maps: [
      { uid: 'uidA', name: '$s$0f0Green $fffHills', author: 'nadeo' },
      { uid: 'uidB', name: '$o$f80Sunset', author: 'mapper_x' },
    ],
  });
  assert.equal(
    line,
    'Imported pyplanet from the test database: players 2 added, 0 updated, 0 unchanged; maps 2 added, 0 updated, 0 unchanged; records 3 added, 0 updated, 0 unchanged; karma 3 added, 0 updated, 0 unchanged; 6 rows not taken (listed above).',
  );
});
