/**
 * MINIcontrol (github.com/EvoEsports/minicontrol), read from its Sequelize migrations in core/migrations:
 * 00-create-player (players: login, nickname), 03-add-player-playtime (totalPlaytime, seconds), 00-create-map
 * (maps: uuid, name, author), 00-create-scores (scores: mapUuid, login, time in ms, checkpoints text),
 * 00-create-maplikes (maplikes: login, mapUuid, vote float, +1 like / -1 dislike in core/plugins/maplikes).
 * The same tables on MySQL, SQLite and PostgreSQL; MINIcontrol never marks a map removed.
 */
import type { ImportRow, ImportSource, SourceDatabase } from '../source.js';
import { karmaSign, parseCheckpoints, sourceDate } from './checkpoints.js';

async function* read(db: SourceDatabase): AsyncIterable<ImportRow> {
  const logins = new Set<string>();
  const maps = new Set<string>();
  const hasPlayers = await db.hasTable('players');
  if (!hasPlayers) throw new Error('MINIcontrol database has no table "players". Fix: point --from at the database MINIcontrol uses (its DATABASE setting).');
  for (const row of await db.query('SELECT login, nickname, totalPlaytime AS playtime, createdAt AS first, updatedAt AS last FROM players ORDER BY login')) {
    const login = String(row.login);
    logins.add(login);
    yield { kind: 'player', login, nickname: String(row.nickname ?? login), playTimeSeconds: Number(row.playtime ?? 0), firstSeen: sourceDate(row.first), lastSeen: sourceDate(row.last) };
  }
  for (const row of await db.query('SELECT uuid, name, author FROM maps ORDER BY uuid')) {
    maps.add(String(row.uuid));
    yield { kind: 'map', uid: String(row.uuid), name: String(row.name), author: String(row.author) };
  }
  for (const row of await db.query('SELECT id, mapUuid, login, time, checkpoints, updatedAt FROM scores ORDER BY id')) {
    const what = `scores row ${String(row.id)} (map ${String(row.mapUuid)}, player ${String(row.login)})`;
    const reason = !maps.has(String(row.mapUuid)) ? `map ${String(row.mapUuid)} is not in maps` : !logins.has(String(row.login)) ? `player ${String(row.login)} is not in players` : undefined;
    if (reason) { yield { kind: 'rejected', what, reason }; continue; }
    const timeMs = Number(row.time);
    const cps = parseCheckpoints(row.checkpoints, timeMs);
    if (!cps.ok) yield { kind: 'rejected', what: `checkpoints of ${what}`, reason: `${cps.reason}; the time is imported without them` };
    yield { kind: 'record', mapUid: String(row.mapUuid), login: String(row.login), timeMs, checkpointsMs: cps.ok ? cps.ms : [timeMs], drivenAt: sourceDate(row.updatedAt) };
  }
  if (!(await db.hasTable('maplikes'))) return;
  for (const row of await db.query('SELECT id, mapUuid, login, vote FROM maplikes ORDER BY id')) {
    const what = `maplikes row ${String(row.id)} (map ${String(row.mapUuid)}, player ${String(row.login)})`;
    const vote = karmaSign(row.vote);
    if (!maps.has(String(row.mapUuid))) yield { kind: 'rejected', what, reason: `map ${String(row.mapUuid)} is not in maps` };
    else if (!logins.has(String(row.login))) yield { kind: 'rejected', what, reason: `player ${String(row.login)} is not in players` };
    else if (vote === undefined) yield { kind: 'rejected', what, reason: `vote ${String(row.vote)} is neither a like nor a dislike` };
    else yield { kind: 'karma', mapUid: String(row.mapUuid), login: String(row.login), vote };
  }
}

export const minicontrolSource: ImportSource = { id: 'minicontrol', read };
