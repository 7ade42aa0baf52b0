// PyPlanet's tables as Peewee creates them on SQLite from its models (github.com/PyPlanet/PyPlanet, under pyplanet/:
// core/db/model.py TimedModel, apps/core/maniaplanet/models/player.py and map.py,
// apps/contrib/local_records/models/local_record.py, apps/contrib/karma/models/karma.py), with the unique indexes of
// their Meta and migrations. Dates as Peewee writes a naive datetime.now() to SQLite; checkpoints `,`-joined with the
// finish last as apps/contrib/local_records/__init__.py stores them; karma as apps/contrib/karma/__init__.py writes a
// vote (`++` 1/1, `-` -1/-0.5, `+-` -1/0) or as it was before expanded_score (score only).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pyplanetSource } from '../../../core/import/sources/pyplanet.js';
import { readAll, sqliteSource } from './sqlite-source.js';

// PyPlanet sets no SQLite pragma, so foreign keys stay off (SQLite's default) and a map or player row deleted by hand
// leaves its records and votes behind: the map uidGone and the player ghost below.
const ddl = `
  PRAGMA foreign_keys = OFF;
  CREATE TABLE "player" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "login" VARCHAR(100) NOT NULL, "nickname" VARCHAR(150) NOT NULL, "last_ip" VARCHAR(46), "last_seen" DATETIME, "total_playtime" INTEGER NOT NULL, "total_donations" INTEGER NOT NULL, "level" INTEGER NOT NULL);
  CREATE UNIQUE INDEX "player_login" ON "player" ("login");
  CREATE TABLE "map" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "uid" VARCHAR(50) NOT NULL, "name" VARCHAR(150) NOT NULL, "file" VARCHAR(255) NOT NULL, "author_login" VARCHAR(100) NOT NULL, "author_nickname" VARCHAR(150), "environment" VARCHAR(30), "title" VARCHAR(255), "map_type" VARCHAR(255), "map_style" VARCHAR(255), "num_laps" INTEGER, "num_checkpoints" INTEGER, "price" INTEGER, "time_author" INTEGER, "time_bronze" INTEGER, "time_silver" INTEGER, "time_gold" INTEGER, "mx_id" INTEGER);
  CREATE UNIQUE INDEX "map_uid" ON "map" ("uid");
  CREATE INDEX "map_mx_id" ON "map" ("mx_id");
  CREATE TABLE "localrecord" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "map_id" INTEGER NOT NULL, "player_id" INTEGER NOT NULL, "score" INTEGER NOT NULL, "checkpoints" TEXT NOT NULL, FOREIGN KEY ("map_id") REFERENCES "map" ("id"), FOREIGN KEY ("player_id") REFERENCES "player" ("id"));
  CREATE INDEX "localrecord_map_id" ON "localrecord" ("map_id");
  CREATE INDEX "localrecord_player_id" ON "localrecord" ("player_id");
  CREATE UNIQUE INDEX "localrecord_player_id_map_id" ON "localrecord" ("player_id", "map_id");
  CREATE TABLE "karma" ("id" INTEGER NOT NULL PRIMARY KEY, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "map_id" INTEGER NOT NULL, "player_id" INTEGER NOT NULL, "score" INTEGER, "expanded_score" REAL, FOREIGN KEY ("map_id") REFERENCES "map" ("id"), FOREIGN KEY ("player_id") REFERENCES "player" ("id"));
  CREATE INDEX "karma_map_id" ON "karma" ("map_id");
  CREATE INDEX "karma_player_id" ON "karma" ("player_id");
  CREATE UNIQUE INDEX "karma_player_id_map_id" ON "karma" ("player_id", "map_id");
  INSERT INTO player VALUES (1, '2023-01-05 18:00:00.412000', '2024-03-01 10:00:00', 'olga', '$f00Ol$fffga', '10.0.0.5', '2024-03-01 10:00:00', 7200, 0, 3);
  INSERT INTO player VALUES (2, '2023-02-01 20:00:00', '2023-02-01 20:00:00', 'Olga', '$i$o$09fOlga', NULL, NULL, 0, 0, 0);
  INSERT INTO map VALUES (1, '2023-01-05 18:00:00', '2023-01-05 18:00:00', 'uidA', '$s$0f0Green $fffHills', 'Campaign/A01.Map.Gbx', 'nadeo', 'Nadeo', 'Stadium', 'TMStadium', 'TrackMania\\TM_Race', '', 1, 5, NULL, 30000, 45000, 38000, 32000, NULL);
  INSERT INTO map VALUES (2, '2023-01-06 18:00:00', '2023-01-06 18:00:00', 'uidB', '$o$f80Sunset', 'MX/Sunset.Map.Gbx', 'mapper_x', '$f80mapper', 'Stadium', 'TMStadium', 'TrackMania\\TM_Race', '', 1, 3, NULL, 40000, 60000, 50000, 44000, 12345);
  INSERT INTO map VALUES (3, '2023-01-07 17:00:00', '2023-01-07 17:00:00', 'uidGone', 'Old $f00Map', 'Old.Map.Gbx', 'nadeo', NULL, 'Stadium', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  INSERT INTO player VALUES (9, '2023-01-07 17:00:00', '2023-01-07 17:00:00', 'ghost', 'Ghost', NULL, NULL, 5, 0, 0);
  INSERT INTO localrecord VALUES (1, '2023-01-05 18:10:00', '2024-02-29 21:15:30.250000', 1, 1, 30000, '10000,20000,30000');
  INSERT INTO localrecord VALUES (2, '2023-02-01 20:05:00', '2023-02-01 20:05:00', 1, 2, 31000, '');
  INSERT INTO localrecord VALUES (3, '2023-01-07 18:00:00', '2023-01-07 18:00:00', 3, 1, 50000, '25000,50000');
  INSERT INTO localrecord VALUES (4, '2023-01-07 18:00:00', '2023-01-07 18:00:00', 2, 9, 47000, '20000,47000');
  INSERT INTO localrecord VALUES (5, '2023-01-08 18:00:00', '2023-01-08 18:00:00', 2, 1, 42000, '14000,x,42000');
  INSERT INTO karma VALUES (1, '2023-01-05 18:20:00', '2023-01-05 18:20:00', 1, 1, 1, NULL);
  INSERT INTO karma VALUES (2, '2023-02-01 20:10:00', '2023-02-01 20:10:00', 1, 2, -1, -0.5);
  INSERT INTO karma VALUES (3, '2023-01-08 18:20:00', '2023-01-08 18:20:00', 2, 1, -1, 0);
  INSERT INTO karma VALUES (4, '2023-02-01 20:20:00', '2023-02-01 20:20:00', 2, 2, 1, 0.5);
  INSERT INTO karma VALUES (5, '2023-01-07 18:20:00', '2023-01-07 18:20:00', 3, 2, 1, 1);
  INSERT INTO karma VALUES (6, '2023-01-07 18:20:00', '2023-01-07 18:20:00', 2, 9, -1, -1);
  DELETE FROM map WHERE id = 3;
  DELETE FROM player WHERE id = 9;
`;

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
