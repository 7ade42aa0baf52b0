// PyPlanet's tables as Peewee creates them on SQLite from its models (github.com/PyPlanet/PyPlanet, under pyplanet/:
// core/db/model.py TimedModel, apps/core/maniaplanet/models/player.py and map.py,
// apps/contrib/local_records/models/local_record.py, apps/contrib/karma/models/karma.py), with the unique indexes of
// their Meta and migrations. Dates as Peewee writes a naive datetime.now() to SQLite; checkpoints `,`-joined with the
// finish last as apps/contrib/local_records/__init__.py stores them; karma as apps/contrib/karma/__init__.py writes a
// vote (`++` 1/1, `-` -1/-0.5, `+-` -1/0) or as it was before expanded_score (score only).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pyplanetSource } from '../../../core/import/sources/pyplanet.js';
import { PYPLANET_ROWS as ddl } from './schemas.js';
import { readAll, sqliteSource } from './sqlite-source.js';


test('PyPlanet rows: players with codes and play time, maps with author logins, records with checkpoints, karma from expanded_score or score, rejections named', async () => {
  assert.deepEqual(await readAll(pyplanetSource, sqliteSource(ddl)), [
    { kind: 'player', login: 'olga', nickname: '$f00Ol$fffga', playTimeSeconds: 7200, firstSeen: new Date('2023-01-05T18:00:00.412Z'), lastSeen: new Date('2024-03-01T10:00:00Z') },
    { kind: 'player', login: 'Olga', nickname: '$i$o$09fOlga', playTimeSeconds: 0, firstSeen: new Date('2023-02-01T20:00:00Z'), lastSeen: undefined },
    { kind: 'map', uid: 'uidA', name: '$s$0f0Green $fffHills', author: 'nadeo' },
    { kind: 'map', uid: 'uidB', name: '$o$f80Sunset', author: 'mapper_x' },
    { kind: 'record', mapUid: 'uidA', login: 'olga', timeMs: 30000, checkpointsMs: [10000, 20000, 30000], drivenAt: new Date('2024-02-29T21:15:30.250Z') },
    { kind: 'record', mapUid: 'uidA', login: 'Olga', timeMs: 31000, checkpointsMs: [31000], drivenAt: new Date('2023-02-01T20:05:00Z') },
    { kind: 'rejected', what: 'localrecord row 3 (map_id 3, player_id 1)', reason: 'map has no id 3' },
    { kind: 'rejected', what: 'localrecord row 4 (map_id 2, player_id 9)', reason: 'player has no id 9' },
    { kind: 'rejected', what: 'checkpoints of localrecord row 5 (map_id 2, player_id 1)', reason: 'checkpoint "x" in "14000,x,42000" is not a time in ms; the time is imported without them' },
    { kind: 'record', mapUid: 'uidB', login: 'olga', timeMs: 42000, checkpointsMs: [42000], drivenAt: new Date('2023-01-08T18:00:00Z') },
    { kind: 'karma', mapUid: 'uidA', login: 'olga', vote: 1 },
    { kind: 'karma', mapUid: 'uidA', login: 'Olga', vote: -1 },
    { kind: 'rejected', what: 'karma row 3 (map_id 2, player_id 1)', reason: 'expanded_score 0 is neither a like nor a dislike' },
    { kind: 'karma', mapUid: 'uidB', login: 'Olga', vote: 1 },
    { kind: 'rejected', what: 'karma row 5 (map_id 3, player_id 2)', reason: 'map has no id 3' },
    { kind: 'rejected', what: 'karma row 6 (map_id 2, player_id 9)', reason: 'player has no id 9' },
  ]);
});

test('PyPlanet without the local records and karma apps: players and maps only', async () => {
  const rows = await readAll(pyplanetSource, sqliteSource(ddl.split('  CREATE TABLE "localrecord"')[0]!.concat(`
    INSERT INTO player VALUES (1, '2023-01-05 18:00:00', '2023-01-05 18:00:00', 'olga', 'Olga', NULL, NULL, 60, 0, 0);
    INSERT INTO map VALUES (1, '2023-01-05 18:00:00', '2023-01-05 18:00:00', 'uidA', 'A01', 'A01.Map.Gbx', 'nadeo', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  `)));
  assert.deepEqual(rows, [
    { kind: 'player', login: 'olga', nickname: 'Olga', playTimeSeconds: 60, firstSeen: new Date('2023-01-05T18:00:00Z'), lastSeen: undefined },
    { kind: 'map', uid: 'uidA', name: 'A01', author: 'nadeo' },
  ]);
});

test('PyPlanet database without its player table: the error names the table and the setting to fix', async () => {
  await assert.rejects(readAll(pyplanetSource, sqliteSource('CREATE TABLE maps (uid TEXT);')), {
    message: 'PyPlanet database has no table "player". Fix: point --from at the database in PyPlanet\'s DATABASES setting (settings/base.py).',
  });
});
