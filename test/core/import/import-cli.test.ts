// `pitwall import` end to end on SQLite: XAseco's rows (schemas.ts) into a Pitwall database that already holds
// some of the same players, records and votes; run as a dry run, for real, and again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { IMPORT_USAGE, importCli } from '../../../core/cli/import.js';
import { openImportTarget, type ImportTarget } from '../../../core/import/target.js';
import { importRows, progressLine } from '../../../core/import/writer.js';
import type { ImportRow } from '../../../core/import/source.js';
import { openDatabase, type Database } from '../../../core/storage/database.js';
import { testSettings } from '../../../core/testing.js';
import { openSqliteHandle } from '../../../core/storage/sqlite-engine.js';
import { runCli } from '../../helpers/cli.js';
import { PYPLANET_ROWS, XASECO_ROWS } from './schemas.js';
import { sqliteSource } from './sqlite-source.js';

const NOW = new Date('2026-12-05T12:00:00.000Z');
const FROM = 'mysql://aseco:s3cret@db.example:3306/aseco';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'pitwall-import-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = {
    out: (text: string) => (out += text),
    err: (text: string) => (err += text),
    openSource: async (url: string) => {
      assert.equal(url, FROM);
      return sqliteSource(XASECO_ROWS);
    },
    serverLogin: async () => 'srv',
    now: () => NOW,
  };
  const code = await importCli(args, testSettings({ DATA_DIR: dataDir }), io);
  return { code, out, err };
}

async function withTarget<T>(use: (target: ImportTarget) => Promise<T>): Promise<T> {
  const database: Database = await openDatabase('', dataDir);
  try {
    return await use(await openImportTarget(database));
  } finally {
    await database.close();
  }
}

/** What Pitwall already holds before the import: olga's slower record and older stats, Olga's own vote. */
async function seed(): Promise<void> {
  await withTarget(async ({ records, stats, karma }) => {
    await records.insertInto('records').values({ map_uid: 'uidA', login: 'olga', nick_name: 'olga now', time: 46500, checkpoints: '[46500]', driven_at: '2026-11-01T10:00:00.000Z', server_login: 'srv' }).execute();
    await stats.insertInto('players').values({ server: 'srv', login: 'olga', nick_name: 'olga now', play_ms: 1_000_000, finishes: 4, first_seen: '2020-01-01T00:00:00.000Z', last_seen: '2026-11-01T10:00:00.000Z' }).execute();
    await karma.insertInto('votes').values({ map_uid: 'uidA', login: 'Olga', vote: 2, at: '2026-11-01T10:00:00.000Z' }).execute();
  });
}

async function stored() {
  return withTarget(async ({ records, stats, karma, ledger }) => ({
    records: await records.selectFrom('records').selectAll().orderBy('login').execute(),
    players: await stats.selectFrom('players').selectAll().orderBy('login').execute(),
    votes: await karma.selectFrom('votes').selectAll().orderBy('login').execute(),
    maps: await ledger.selectFrom('maps').selectAll().execute(),
  }));
}

const NOT_TAKEN = [
  'Not taken: records row 3 (ChallengeId 7, PlayerId 1): challenges has no Id 7',
  'Not taken: records row 4 (ChallengeId 1, PlayerId 9): players has no Id 9',
  'Not taken: checkpoints of records row 5 (ChallengeId 1, PlayerId 1): checkpoints "30000,20000" go backwards; the time is imported without them',
  'Not taken: rs_karma row 3 (ChallengeId 1, PlayerId 3): players has no Id 3',
  'Not taken: rs_karma row 4 (ChallengeId 7, PlayerId 1): challenges has no Id 7',
];

it('imports XAseco: a dry run writes nothing, the import adds and improves, a second import changes nothing', async () => {
  await seed();
  const before = await stored();

  const dry = await run('xaseco', '--from', FROM, '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  assert.equal(
    dry.out,
    [
      ...NOT_TAKEN,
      'Dry run, nothing was written; importing xaseco from mysql://aseco:***@db.example:3306/aseco: players 1 would be added, 1 would be updated, 0 unchanged; ' +
        'maps 1 would be added, 0 would be updated, 0 unchanged; records 1 would be added, 1 would be updated, 1 unchanged; karma 1 would be added, 0 would be updated, 1 unchanged; 5 rows not taken (listed above).',
      '',
    ].join('\n'),
  );
  assert.deepEqual(await stored(), before);

  const first = await run('xaseco', '--from', FROM);
  assert.equal(first.code, 0, first.err);
  assert.equal(
    first.out,
    [
      ...NOT_TAKEN,
      'Imported xaseco from mysql://aseco:***@db.example:3306/aseco: players 1 added, 1 updated, 0 unchanged; maps 1 added, 0 updated, 0 unchanged; ' +
        'records 1 added, 1 updated, 1 unchanged; karma 1 added, 0 updated, 1 unchanged; 5 rows not taken (listed above).',
      '',
    ].join('\n'),
  );
  const after = await stored();
  assert.deepEqual(after, {
    records: [
      // Olga is new: her nickname and checkpoints (rs_times filled the empty ones) come from XAseco.
      { map_uid: 'uidA', login: 'Olga', nick_name: '$iOlga', time: 46000, checkpoints: '[16000,31000,46000]', driven_at: '2009-05-01T19:30:00.000Z', server_login: 'srv' },
      // olga's 45.000 beats her stored 46.500; her slower repeated row (48.000) changes nothing.
      { map_uid: 'uidA', login: 'olga', nick_name: '$f00Ol$fffga', time: 45000, checkpoints: '[15000,30000,45000]', driven_at: '2009-05-01T19:00:00.000Z', server_login: 'srv' },
    ],
    players: [
      { server: 'srv', login: 'Olga', nick_name: '$iOlga', play_ms: 60_000, finishes: 0, first_seen: NOW.toISOString(), last_seen: NOW.toISOString() },
      // Known already: XAseco's 7200 s are added, first seen moves back to XAseco's date, the nickname stays.
      { server: 'srv', login: 'olga', nick_name: 'olga now', play_ms: 8_200_000, finishes: 4, first_seen: '2009-05-01T20:00:00.000Z', last_seen: '2026-11-01T10:00:00.000Z' },
    ],
    votes: [
      { map_uid: 'uidA', login: 'Olga', vote: 2, at: '2026-11-01T10:00:00.000Z' },
      { map_uid: 'uidA', login: 'olga', vote: 1, at: NOW.toISOString() },
    ],
    maps: [{ uid: 'uidA', name: '$s$f80Sunrise', author: 'Nadeo', source: 'xaseco', removed: 0 }],
  });

  const again = await run('xaseco', '--from', FROM);
  assert.equal(
    again.out,
    [
      ...NOT_TAKEN,
      'Imported xaseco from mysql://aseco:***@db.example:3306/aseco: players 0 added, 0 updated, 2 unchanged; maps 0 added, 0 updated, 1 unchanged; ' +
        'records 0 added, 0 updated, 3 unchanged; karma 0 added, 0 updated, 2 unchanged; 5 rows not taken (listed above).',
      '',
    ].join('\n'),
  );
  assert.deepEqual(await stored(), after);
});

it('adds only the play time that grew since the last import of the same source', async () => {
  const player = (seconds: number): ImportRow => ({ kind: 'player', login: 'max', nickname: 'Max', playTimeSeconds: seconds });
  const rows = async function* (...list: ImportRow[]) {
    yield* list;
  };
  const playMs = await withTarget(async (target) => {
    const options = { source: 'pyplanet', serverLogin: 'srv', now: NOW };
    await importRows(rows(player(100)), target, options);
    await importRows(rows(player(100)), target, options);
    await importRows(rows(player(250)), target, options);
    // Another source's time for the same player is its own.
    await importRows(rows(player(40)), target, { ...options, source: 'uaseco' });
    return (await target.stats.selectFrom('players').select('play_ms').executeTakeFirstOrThrow()).play_ms;
  });
  assert.equal(Number(playMs), 290_000);
});

it('tells a long import is moving, every N rows', async () => {
  const lines: string[] = [];
  const rows = async function* (): AsyncIterable<ImportRow> {
    yield { kind: 'player', login: 'max', nickname: 'Max' };
    yield { kind: 'map', uid: 'm1', name: 'One', author: 'nadeo' };
    yield { kind: 'rejected', what: 'records row 1', reason: 'bad' };
    yield { kind: 'record', mapUid: 'm1', login: 'max', timeMs: 0, checkpointsMs: [0] };
  };
  const summary = await withTarget((target) => importRows(rows(), target, { source: 'xaseco', serverLogin: 'srv', now: NOW, progressEvery: 2, onProgress: (so) => lines.push(progressLine(so)) }));
  assert.deepEqual(lines, ['... 2 rows read: 1 players, 1 maps, 0 records, 0 karma votes, 0 not taken', '... 4 rows read: 1 players, 1 maps, 0 records, 0 karma votes, 2 not taken']);
  assert.deepEqual(summary.rejected[1], { kind: 'rejected', what: 'record of max on map m1', reason: 'time 0 is not a race time in ms' });
});

it('says what is missing on the command line, with the usage', async () => {
  assert.deepEqual(await run(), { code: 2, out: '', err: `Say which controller to import from.\n${IMPORT_USAGE}` });
  assert.deepEqual(await run('ipaseco', '--from', FROM), { code: 2, out: '', err: `There is no import source 'ipaseco'.\n${IMPORT_USAGE}` });
  assert.deepEqual(await run('uaseco'), { code: 2, out: '', err: `Say where uaseco's database is with --from <url>.\n${IMPORT_USAGE}` });
  assert.match(IMPORT_USAGE, /^Usage: pitwall import <minicontrol\|pyplanet\|uaseco\|xaseco> --from <url>/);
});

it('`pitwall import pyplanet --from sqlite:<file>` imports from the file and names what it could not take', async () => {
  const file = join(dataDir, 'pyplanet.db');
  const source = openSqliteHandle(file);
  source.exec(PYPLANET_ROWS);
  source.close();
  const cli = runCli(['import', 'pyplanet', '--from', `sqlite:${file}`, '--server', 'srv'], { PITWALL_DATA_DIR: dataDir });
  assert.deepEqual(await cli.exited, { code: 0, signal: null });
  const lines = cli.output().trimEnd().split('\n');
  assert.equal(lines.length, 7);
  assert.equal(lines[0], 'Not taken: localrecord row 3 (map_id 3, player_id 1): map has no id 3');
  assert.equal(
    lines[6],
    `Imported pyplanet from sqlite:${file}: players 2 added, 0 updated, 0 unchanged; maps 2 added, 0 updated, 0 unchanged; ` +
      'records 3 added, 0 updated, 0 unchanged; karma 3 added, 0 updated, 0 unchanged; 6 rows not taken (listed above).',
  );
  const records = await withTarget(({ records: table }) => table.selectFrom('records').select(['login', 'map_uid', 'time']).orderBy('login').orderBy('map_uid').execute());
  assert.deepEqual(records, [
    { login: 'Olga', map_uid: 'uidA', time: 31000 },
    { login: 'olga', map_uid: 'uidA', time: 30000 },
    { login: 'olga', map_uid: 'uidB', time: 42000 },
  ]);
});
