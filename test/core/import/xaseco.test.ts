// XAseco's tables transcribed from localdb/aseco.sql and localdb/rasp.sql (github.com/TheB1gG/xaseco) for SQLite:
// MyISAM/int widths dropped, columns and keys kept. Checkpoints comma-joined as plugin.localdatabase.php writes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xasecoSource } from '../../../core/import/sources/xaseco.js';
import { XASECO_ROWS as ddl } from './schemas.js';
import { readAll, sqliteSource } from './sqlite-source.js';


test('XAseco rows: players with codes and seconds played, challenges, records with checkpoints (rs_times filling the empty ones), karma, rejections named', async () => {
  const rows = await readAll(xasecoSource, sqliteSource(ddl));
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
