// UASECO's tables transcribed from the CREATE TABLE statements in uaseco.php (github.com/undeflabs/UASECO-Maniaplanet)
// for SQLite, default prefix uaseco_: engine, collations and secondary keys dropped, the columns read kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uasecoSource } from '../../../core/import/sources/uaseco.js';
import { readAll, sqliteSource } from './sqlite-source.js';

const ddl = `
  CREATE TABLE uaseco_authors (AuthorId INTEGER PRIMARY KEY AUTOINCREMENT, Login varchar(64) DEFAULT '' UNIQUE, Nickname varchar(100) DEFAULT '');
  CREATE TABLE uaseco_players (PlayerId INTEGER PRIMARY KEY AUTOINCREMENT, Login varchar(64) DEFAULT '' UNIQUE, Nickname varchar(100) DEFAULT '', Zone varchar(256) DEFAULT '', LastVisit datetime DEFAULT '1970-01-01 00:00:00', Visits mediumint DEFAULT 0, Wins mediumint DEFAULT 0, Donations mediumint DEFAULT 0, TimePlayed int DEFAULT 0);
  CREATE TABLE uaseco_maps (MapId INTEGER PRIMARY KEY AUTOINCREMENT, Uid varchar(27) DEFAULT '' UNIQUE, Filename text, Name varchar(100) DEFAULT '', AuthorId mediumint DEFAULT 0);
  CREATE TABLE uaseco_records (MapId mediumint DEFAULT 0, PlayerId mediumint DEFAULT 0, GamemodeId tinyint DEFAULT 0, Date datetime DEFAULT '1970-01-01 00:00:00', Score int DEFAULT 0, Checkpoints text, PRIMARY KEY (MapId, PlayerId, GamemodeId));
  CREATE TABLE uaseco_ratings (MapId mediumint DEFAULT 0, PlayerId mediumint DEFAULT 0, Date timestamp DEFAULT CURRENT_TIMESTAMP, Score tinyint DEFAULT 0, PRIMARY KEY (MapId, PlayerId));
  INSERT INTO uaseco_authors (Login) VALUES ('nadeo');
  INSERT INTO uaseco_players (Login, Nickname, LastVisit, TimePlayed) VALUES ('olga', '$f00Ol$fffga', '2020-05-01 20:00:00', 7200), ('Olga', '$iOlga', '2020-05-02 20:00:00', 60);
  INSERT INTO uaseco_maps (Uid, Name, AuthorId) VALUES ('uidA', '$s$0f0Canyon', 1);
  INSERT INTO uaseco_records VALUES (1, 1, 2, '2020-05-01 19:00:00', 45000, '15000,30000,45000'), (1, 1, 1, '2020-05-01 18:00:00', 47000, ''), (1, 2, 2, '2020-05-01 18:00:00', 46000, 'x'), (7, 1, 2, '2020-05-01 18:00:00', 50000, '');
  INSERT INTO uaseco_ratings (MapId, PlayerId, Score) VALUES (1, 1, 3), (1, 2, -2), (1, 3, 1), (7, 2, 0);
`;

test('UASECO rows: players, maps with author logins, the best record across game modes, karma signs, rejections named', async () => {
  assert.deepEqual(await readAll(uasecoSource, sqliteSource(ddl)), [
    { kind: 'player', login: 'olga', nickname: '$f00Ol$fffga', playTimeSeconds: 7200, lastSeen: new Date('2020-05-01T20:00:00Z') },
    { kind: 'player', login: 'Olga', nickname: '$iOlga', playTimeSeconds: 60, lastSeen: new Date('2020-05-02T20:00:00Z') },
    { kind: 'map', uid: 'uidA', name: '$s$0f0Canyon', author: 'nadeo' },
    { kind: 'record', mapUid: 'uidA', login: 'olga', timeMs: 45000, checkpointsMs: [15000, 30000, 45000], drivenAt: new Date('2020-05-01T19:00:00Z') },
    { kind: 'rejected', what: 'checkpoints of uaseco_records row (MapId 1, PlayerId 2, GamemodeId 2)', reason: 'checkpoint "x" in "x" is not a time in ms; the time is imported without them' },
    { kind: 'record', mapUid: 'uidA', login: 'Olga', timeMs: 46000, checkpointsMs: [46000], drivenAt: new Date('2020-05-01T18:00:00Z') },
    { kind: 'rejected', what: 'uaseco_records row (MapId 7, PlayerId 1, GamemodeId 2)', reason: 'uaseco_maps has no MapId 7' },
    { kind: 'karma', mapUid: 'uidA', login: 'olga', vote: 1 },
    { kind: 'karma', mapUid: 'uidA', login: 'Olga', vote: -1 },
    { kind: 'rejected', what: 'uaseco_ratings row (MapId 1, PlayerId 3)', reason: 'uaseco_players has no PlayerId 3' },
    { kind: 'rejected', what: 'uaseco_ratings row (MapId 7, PlayerId 2)', reason: 'uaseco_maps has no MapId 7' },
  ]);
});
