/**
 * UASECO (github.com/undeflabs/UASECO-Maniaplanet, the CREATE TABLE statements in uaseco.php, default prefix
 * `uaseco_`): players (PlayerId, Login, Nickname, LastVisit, TimePlayed in seconds), maps (MapId, Uid, Name,
 * AuthorId -> authors.Login), records (MapId, PlayerId, GamemodeId, Score in ms, Checkpoints comma-joined ms as
 * plugins/plugin.local_records.php writes them), ratings (MapId, PlayerId, Score -3..+3 from mania_karma).
 * A player's record is kept per game mode; Pitwall keeps one per map, so the best across modes is taken.
 */
import type { ImportRow, ImportSource, SourceDatabase } from '../source.js';
import { karmaSign, parseCheckpoints, sourceDate } from './checkpoints.js';

const prefix = 'uaseco_';

async function* read(db: SourceDatabase): AsyncIterable<ImportRow> {
  if (!(await db.hasTable(`${prefix}players`))) throw new Error(`UASECO database has no table "${prefix}players". Fix: point --from at the database in UASECO's config/UASECO.xml (dbms).`);
  const players = new Map<string, string>();
  const maps = new Map<string, string>();
  for (const row of await db.query(`SELECT PlayerId AS id, Login AS login, Nickname AS nick, LastVisit AS seen, TimePlayed AS played FROM ${prefix}players ORDER BY PlayerId`)) {
    players.set(String(row.id), String(row.login));
    yield { kind: 'player', login: String(row.login), nickname: String(row.nick), playTimeSeconds: Number(row.played ?? 0), lastSeen: sourceDate(row.seen) };
  }
  for (const row of await db.query(`SELECT m.MapId AS id, m.Uid AS uid, m.Name AS name, a.Login AS author FROM ${prefix}maps m LEFT JOIN ${prefix}authors a ON a.AuthorId = m.AuthorId ORDER BY m.MapId`)) {
    maps.set(String(row.id), String(row.uid));
    yield { kind: 'map', uid: String(row.uid), name: String(row.name), author: String(row.author ?? '') };
  }
  const seen = new Set<string>();
  for (const row of await db.query(`SELECT MapId AS map, PlayerId AS player, GamemodeId AS mode, Score AS score, Date AS driven, Checkpoints AS cps FROM ${prefix}records ORDER BY MapId, PlayerId, Score, GamemodeId`)) {
    const what = `${prefix}records row (MapId ${String(row.map)}, PlayerId ${String(row.player)}, GamemodeId ${String(row.mode)})`;
    const uid = maps.get(String(row.map));
    const login = players.get(String(row.player));
    if (!uid) { yield { kind: 'rejected', what, reason: `${prefix}maps has no MapId ${String(row.map)}` }; continue; }
    if (!login) { yield { kind: 'rejected', what, reason: `${prefix}players has no PlayerId ${String(row.player)}` }; continue; }
    const pair = `${uid}\n${login}`;
    if (seen.has(pair)) continue; // a slower time in another game mode
    seen.add(pair);
    const timeMs = Number(row.score);
    const cps = parseCheckpoints(row.cps, timeMs);
    if (!cps.ok) yield { kind: 'rejected', what: `checkpoints of ${what}`, reason: `${cps.reason}; the time is imported without them` };
    yield { kind: 'record', mapUid: uid, login, timeMs, checkpointsMs: cps.ok ? cps.ms : [timeMs], drivenAt: sourceDate(row.driven) };
  }
  if (!(await db.hasTable(`${prefix}ratings`))) return;
  for (const row of await db.query(`SELECT MapId AS map, PlayerId AS player, Score AS score FROM ${prefix}ratings ORDER BY MapId, PlayerId`)) {
    const what = `${prefix}ratings row (MapId ${String(row.map)}, PlayerId ${String(row.player)})`;
    const uid = maps.get(String(row.map));
    const login = players.get(String(row.player));
    const vote = karmaSign(row.score);
    if (!uid) yield { kind: 'rejected', what, reason: `${prefix}maps has no MapId ${String(row.map)}` };
    else if (!login) yield { kind: 'rejected', what, reason: `${prefix}players has no PlayerId ${String(row.player)}` };
    else if (vote === undefined) yield { kind: 'rejected', what, reason: `vote ${String(row.score)} is neither good nor bad` };
    else yield { kind: 'karma', mapUid: uid, login, vote };
  }
}

export const uasecoSource: ImportSource = { id: 'uaseco', read };
