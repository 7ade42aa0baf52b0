// XAseco's tables transcribed from localdb/aseco.sql and localdb/rasp.sql (github.com/TheB1gG/xaseco) for SQLite:
// MyISAM/int widths dropped, columns and keys kept. Checkpoints comma-joined as plugin.localdatabase.php writes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xasecoSource } from '../../../core/import/sources/xaseco.js';
import { readAll, sqliteSource } from './sqlite-source.js';

const ddl = `
  CREATE TABLE challenges (Id INTEGER PRIMARY KEY AUTOINCREMENT, Uid varchar(27) NOT NULL default '' UNIQUE, Name varchar(100) NOT NULL default '', Author varchar(30) NOT NULL default '', Environment varchar(10) NOT NULL default '');
  CREATE TABLE players (Id INTEGER PRIMARY KEY AUTOINCREMENT, Login varchar(50) NOT NULL default '' UNIQUE, Game varchar(3) NOT NULL default '', NickName varchar(100) NOT NULL default '', Nation varchar(3) NOT NULL default '', UpdatedAt datetime NOT NULL default '0000-00-00 00:00:00', Wins mediumint NOT NULL default 0, TimePlayed int NOT NULL default 0, TeamName char(60) NOT NULL default '');
  CREATE TABLE records (Id INTEGER PRIMARY KEY AUTOINCREMENT, ChallengeId mediumint NOT NULL default 0, PlayerId mediumint NOT NULL default 0, Score int NOT NULL default 0, Date datetime NOT NULL default '0000-00-00 00:00:00', Checkpoints text NOT NULL, UNIQUE (PlayerId, ChallengeId));
  CREATE TABLE rs_karma (Id INTEGER PRIMARY KEY AUTOINCREMENT, ChallengeId mediumint NOT NULL default 0, PlayerId mediumint NOT NULL default 0, Score tinyint NOT NULL default 0, UNIQUE (PlayerId, ChallengeId));
  CREATE TABLE rs_times (ID INTEGER PRIMARY KEY AUTOINCREMENT, challengeID mediumint NOT NULL default 0, playerID mediumint NOT NULL default 0, score int NOT NULL default 0, date int NOT NULL default 0, checkpoints text NOT NULL);
  INSERT INTO challenges (Uid, Name, Author) VALUES ('uidA', '$s$f80Sunrise', 'Nadeo');
  INSERT INTO players (Login, NickName, UpdatedAt, TimePlayed) VALUES ('olga', '$f00Ol$fffga', '2009-05-01 20:00:00', 7200), ('Olga', '$iOlga', '0000-00-00 00:00:00', 60);
  INSERT INTO records (ChallengeId, PlayerId, Score, Date, Checkpoints) VALUES (1, 1, 45000, '2009-05-01 19:00:00', '15000,30000,45000'), (1, 2, 46000, '2009-05-01 19:30:00', ''), (7, 1, 50000, '2009-04-01 19:00:00', ''), (1, 9, 47000, '2009-04-01 19:00:00', ''), (1, 1, 48000, '2009-04-01 19:00:00', '30000,20000');
  INSERT INTO rs_times (challengeID, playerID, score, date, checkpoints) VALUES (1, 2, 46000, 1241204400, '16000,31000');
  INSERT INTO rs_karma (ChallengeId, PlayerId, Score) VALUES (1, 1, 1), (1, 2, -1), (1, 3, 0), (7, 1, 1);
`;

test('XAseco rows: players with codes and seconds played, challenges, records with checkpoints (rs_times filling the empty ones), karma, rejections named', async () => {
  // The last records row repeats a pair only SQLite lets through here; its checkpoints go backwards.
  const rows = await readAll(xasecoSource, sqliteSource(ddl.replace(', UNIQUE (PlayerId, ChallengeId));\n  CREATE TABLE rs_karma', ');\n  CREATE TABLE rs_karma')));
  assert.deepEqual(rows, [
    { kind: 'player', login: 'olga', nickname: '$f00Ol$fffga', playTimeSeconds: 7200, lastSeen: new Date('2009-05-01T20:00:00Z') },
    { kind: 'player', login: 'Olga', nickname: '$iOlga', playTimeSeconds: 60, lastSeen: undefined },
    { kind: 'map', uid: 'uidA', name: '$s$f80Sunrise', author: 'Nadeo' },
    { kind: 'record', mapUid: 'uidA', login: 'olga', timeMs: 45000, checkpointsMs: [15000, 30000, 45000], drivenAt: new Date('2009-05-01T19:00:00Z') },
    { kind: 'record', mapUid: 'uidA', login: 'Olga', timeMs: 46000, checkpointsMs: [16000, 31000, 46000], drivenAt: new Date('2009-05-01T19:30:00Z') },
    { kind: 'rejected', what: 'records row 3 (ChallengeId 7, PlayerId 1)', reason: 'challenges has no Id 7' },
    { kind: 'rejected', what: 'records row 4 (ChallengeId 1, PlayerId 9)', reason: 'players has no Id 9' },
    { kind: 'rejected', what: 'checkpoints of records row 5 (ChallengeId 1, PlayerId 1)', reason: 'checkpoints "30000,20000" go backwards; the time is imported without them' },
    { kind: 'record', mapUid: 'uidA', login: 'olga', timeMs: 48000, checkpointsMs: [48000], drivenAt: new Date('2009-04-01T19:00:00Z') },
    { kind: 'karma', mapUid: 'uidA', login: 'olga', vote: 1 },
    { kind: 'karma', mapUid: 'uidA', login: 'Olga', vote: -1 },
    { kind: 'rejected', what: 'rs_karma row 3 (ChallengeId 1, PlayerId 3)', reason: 'players has no Id 3' },
    { kind: 'rejected', what: 'rs_karma row 4 (ChallengeId 7, PlayerId 1)', reason: 'challenges has no Id 7' },
  ]);
});
