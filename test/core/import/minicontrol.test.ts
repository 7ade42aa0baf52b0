// MINIcontrol's tables as its Sequelize migrations (core/migrations/00-create-*.ts, 03-add-player-playtime.ts)
// create them on SQLite; checkpoint strings as core/plugins/records joins them (`,` between, `;` at a lap end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteHandle, type SqliteHandle } from '../../../core/storage/sqlite-engine.js';
import { minicontrolSource } from '../../../core/import/sources/minicontrol.js';
import { readAll, sqliteSource } from './sqlite-source.js';

test('MINIcontrol rows: players with codes and play time, maps, records with checkpoints, karma signs, rejections named', async () => {
  const db = sqliteSource(`
    CREATE TABLE players (login VARCHAR(255) NOT NULL PRIMARY KEY, nickname VARCHAR(255) NOT NULL, customNick VARCHAR(255), allowOverride TINYINT(1), zone VARCHAR(255), updatedAt DATETIME, createdAt DATETIME, totalPlaytime INTEGER DEFAULT 0);
    CREATE TABLE maps (uuid VARCHAR(255) NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, author VARCHAR(255) NOT NULL, authorNickname VARCHAR(255), authorTime INTEGER NOT NULL, environment VARCHAR(255), updatedAt DATETIME, createdAt DATETIME);
    CREATE TABLE scores (id INTEGER PRIMARY KEY AUTOINCREMENT, mapUuid VARCHAR(255) NOT NULL, login VARCHAR(255) NOT NULL, time INTEGER NOT NULL, checkpoints VARCHAR(255), updatedAt DATETIME, createdAt DATETIME);
    CREATE TABLE maplikes (id INTEGER PRIMARY KEY AUTOINCREMENT, login VARCHAR(255) NOT NULL, mapUuid VARCHAR(255) NOT NULL, vote FLOAT NOT NULL, updatedAt DATETIME, createdAt DATETIME);
    INSERT INTO players VALUES ('olga', '$f00Ol$fffga', NULL, NULL, 'World', '2024-03-01 10:00:00.000 +00:00', '2024-01-01 10:00:00.000 +00:00', 3600);
    INSERT INTO players VALUES ('Olga', '$iOlga', NULL, NULL, 'World', NULL, NULL, 0);
    INSERT INTO maps VALUES ('uidA', '$s$0f0Green', 'nadeo', 'Nadeo', 30000, 'Stadium', NULL, NULL);
    INSERT INTO scores (mapUuid, login, time, checkpoints) VALUES ('uidA', 'olga', 30000, '10000,20000;30000'), ('uidA', 'Olga', 31000, '10x,20000'), ('gone', 'olga', 40000, ''), ('uidA', 'nobody', 32000, '');
    INSERT INTO maplikes (login, mapUuid, vote) VALUES ('olga', 'uidA', 1), ('Olga', 'uidA', -1), ('olga', 'uidA', 0);
  `);
  assert.deepEqual(await readAll(minicontrolSource, db), [
    { kind: 'player', login: 'Olga', nickname: '$iOlga', playTimeSeconds: 0, firstSeen: undefined, lastSeen: undefined },
    { kind: 'player', login: 'olga', nickname: '$f00Ol$fffga', playTimeSeconds: 3600, firstSeen: new Date('2024-01-01T10:00:00.000Z'), lastSeen: new Date('2024-03-01T10:00:00.000Z') },
    { kind: 'map', uid: 'uidA', name: '$s$0f0Green', author: 'nadeo' },
    { kind: 'record', mapUid: 'uidA', login: 'olga', timeMs: 30000, checkpointsMs: [10000, 20000, 30000], drivenAt: undefined },
    { kind: 'rejected', what: 'checkpoints of scores row 2 (map uidA, player Olga)', reason: 'checkpoint "10x" in "10x,20000" is not a time in ms; the time is imported without them' },
    { kind: 'record', mapUid: 'uidA', login: 'Olga', timeMs: 31000, checkpointsMs: [31000], drivenAt: undefined },
    { kind: 'rejected', what: 'scores row 3 (map gone, player olga)', reason: 'map gone is not in maps' },
    { kind: 'rejected', what: 'scores row 4 (map uidA, player nobody)', reason: 'player nobody is not in players' },
    { kind: 'karma', mapUid: 'uidA', login: 'olga', vote: 1 },
    { kind: 'karma', mapUid: 'uidA', login: 'Olga', vote: -1 },
    { kind: 'rejected', what: 'maplikes row 3 (map uidA, player olga)', reason: 'vote 0 is neither a like nor a dislike' },
  ]);
});
