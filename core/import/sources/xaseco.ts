/**
 * XAseco (TMF, github.com/TheB1gG/xaseco: localdb/aseco.sql, localdb/rasp.sql, plugins/plugin.localdatabase.php)
 * and XAseco2 (TM2: the same tables with `maps`/`MapId` for `challenges`/`ChallengeId`, as UASECO's
 * newinstall/database/convert-xaseco2-to-uaseco.php reads them). players.TimePlayed is seconds, records.Score ms,
 * records.Checkpoints and rs_times.checkpoints comma-joined ms; rs_karma.Score is +1/-1. Neither marks a map removed.
 */
import type { ImportRow, ImportSource, SourceDatabase } from '../source.js';
import { karmaSign, parseCheckpoints, sourceDate } from './checkpoints.js';

async function* read(db: SourceDatabase): AsyncIterable<ImportRow> {
  const mapTable = (await db.hasTable('maps')) ? 'maps' : (await db.hasTable('challenges')) ? 'challenges' : undefined;
  if (!mapTable || !(await db.hasTable('players'))) throw new Error('XAseco database has no table "players" and "challenges" (or "maps"). Fix: point --from at the database in XAseco\'s localdatabase.xml.');
  const mapId = mapTable === 'maps' ? 'MapId' : 'ChallengeId';
  const players = new Map<string, string>();
  const maps = new Map<string, string>();
  for (const row of await db.query('SELECT Id AS id, Login AS login, NickName AS nick, TimePlayed AS played, UpdatedAt AS seen FROM players ORDER BY Id')) {
    players.set(String(row.id), String(row.login));
    yield { kind: 'player', login: String(row.login), nickname: String(row.nick), playTimeSeconds: Number(row.played), lastSeen: sourceDate(row.seen) };
  }
  for (const row of await db.query(`SELECT Id AS id, Uid AS uid, Name AS name, Author AS author FROM ${mapTable} ORDER BY Id`)) {
    maps.set(String(row.id), String(row.uid));
    yield { kind: 'map', uid: String(row.uid), name: String(row.name), author: String(row.author) };
  }
  // An empty records.Checkpoints (the column came later) is filled from the rs_times run with the same score.
  const times = (await db.hasTable('rs_times'))
    ? `(SELECT t.checkpoints FROM rs_times t WHERE t.playerID = r.PlayerId AND t.${mapId} = r.${mapId} AND t.score = r.Score AND t.checkpoints <> '' LIMIT 1)`
    : "''";
  for (const row of await db.query(`SELECT r.Id AS id, r.${mapId} AS map, r.PlayerId AS player, r.Score AS score, r.Date AS driven, r.Checkpoints AS cps, ${times} AS timesCps FROM records r ORDER BY r.Id`)) {
    const what = `records row ${String(row.id)} (${mapId} ${String(row.map)}, PlayerId ${String(row.player)})`;
    const uid = maps.get(String(row.map));
    const login = players.get(String(row.player));
    if (!uid) { yield { kind: 'rejected', what, reason: `${mapTable} has no Id ${String(row.map)}` }; continue; }
    if (!login) { yield { kind: 'rejected', what, reason: `players has no Id ${String(row.player)}` }; continue; }
    const timeMs = Number(row.score);
    const cps = parseCheckpoints(String(row.cps ?? '') === '' ? row.timesCps : row.cps, timeMs);
    if (!cps.ok) yield { kind: 'rejected', what: `checkpoints of ${what}`, reason: `${cps.reason}; the time is imported without them` };
    yield { kind: 'record', mapUid: uid, login, timeMs, checkpointsMs: cps.ok ? cps.ms : [timeMs], drivenAt: sourceDate(row.driven) };
  }
  if (!(await db.hasTable('rs_karma'))) return;
  for (const row of await db.query(`SELECT Id AS id, ${mapId} AS map, PlayerId AS player, Score AS score FROM rs_karma ORDER BY Id`)) {
    const what = `rs_karma row ${String(row.id)} (${mapId} ${String(row.map)}, PlayerId ${String(row.player)})`;
    const uid = maps.get(String(row.map));
    const login = players.get(String(row.player));
    const vote = karmaSign(row.score);
    if (!uid) yield { kind: 'rejected', what, reason: `${mapTable} has no Id ${String(row.map)}` };
    else if (!login) yield { kind: 'rejected', what, reason: `players has no Id ${String(row.player)}` };
    else if (vote === undefined) yield { kind: 'rejected', what, reason: `vote ${String(row.score)} is neither ++ nor --` };
    else yield { kind: 'karma', mapUid: uid, login, vote };
  }
}

export const xasecoSource: ImportSource = { id: 'xaseco', read };
