// UASECO's tables transcribed from the CREATE TABLE statements in uaseco.php (github.com/undeflabs/UASECO-Maniaplanet)
// for SQLite, default prefix uaseco_: engine, collations and secondary keys dropped, the columns read kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uasecoSource } from '../../../core/import/sources/uaseco.js';
import { UASECO_ROWS as ddl } from './schemas.js';
import { readAll, sqliteSource } from './sqlite-source.js';


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
