// MINIcontrol's tables as its Sequelize migrations (core/migrations/00-create-*.ts, 03-add-player-playtime.ts)
// create them on SQLite; checkpoint strings as core/plugins/records joins them (`,` between, `;` at a lap end).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minicontrolSource } from '../../../core/import/sources/minicontrol.js';
import { MINICONTROL_ROWS } from './schemas.js';
import { readAll, sqliteSource } from './sqlite-source.js';

test('MINIcontrol rows: players with codes and play time, maps, records with checkpoints, karma signs, rejections named', async () => {
  const db = sqliteSource(MINICONTROL_ROWS);
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
