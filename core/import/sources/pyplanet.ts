/**
 * PyPlanet (github.com/PyPlanet/PyPlanet), read from its Peewee models; Peewee names a table after its model class in
 * lower case and a foreign key column `<field>_id`, as the migrations show (`mapfolder_name` in
 * apps/contrib/jukebox/migrations/000_remove_unique_folder_name.py, `player_id`/`map_id` in
 * apps/contrib/local_records/migrations/000_make_player_map_unique.py). Every model is a TimedModel
 * (core/db/model.py: created_at, updated_at). Paths below are under pyplanet/:
 * - apps/core/maniaplanet/models/player.py: player (id, login, nickname, last_seen, total_playtime in seconds as
 *   contrib/player/manager.py adds them up at each disconnect).
 * - apps/core/maniaplanet/models/map.py: map (id, uid, name, author_login). Taking a map off the server keeps its row
 *   (contrib/map/manager.py remove_map), so PyPlanet never marks a map removed.
 * - apps/contrib/local_records/models/local_record.py: localrecord (map_id, player_id, score in ms, checkpoints text);
 *   apps/contrib/local_records/__init__.py joins the lap's cumulative checkpoint times with `,`, the finish included.
 * - apps/contrib/karma/models/karma.py: karma (map_id, player_id, score, expanded_score). apps/contrib/karma/__init__.py
 *   writes expanded_score 1, 0.5, 0 (`+-`), -0.5 or -1 and score +1/-1, where `+-` sets score -1; votes from before
 *   migrations/000_add_expanded_score.py have only score. So expanded_score decides when present.
 * Dates are written with Python's datetime.now(): the server's local time, without a zone.
 */
import type { ImportRow, ImportSource, SourceDatabase } from '../source.js';
import { karmaSign, parseCheckpoints, sourceDate } from './checkpoints.js';

async function* read(db: SourceDatabase): AsyncIterable<ImportRow> {
  for (const table of ['player', 'map']) {
    if (!(await db.hasTable(table))) throw new Error(`PyPlanet database has no table "${table}". Fix: point --from at the database in PyPlanet's DATABASES setting (settings/base.py).`);
  }
  const players = new Map<string, string>();
  const maps = new Map<string, string>();
  for (const row of await db.query('SELECT id, login, nickname, total_playtime AS played, created_at AS first, last_seen AS seen FROM player ORDER BY id')) {
    players.set(String(row.id), String(row.login));
    yield { kind: 'player', login: String(row.login), nickname: String(row.nickname ?? row.login), playTimeSeconds: Number(row.played ?? 0), firstSeen: sourceDate(row.first), lastSeen: sourceDate(row.seen) };
  }
  for (const row of await db.query('SELECT id, uid, name, author_login AS author FROM map ORDER BY id')) {
    maps.set(String(row.id), String(row.uid));
    yield { kind: 'map', uid: String(row.uid), name: String(row.name), author: String(row.author ?? '') };
  }
  if (await db.hasTable('localrecord')) {
    for (const row of await db.query('SELECT id, map_id AS map, player_id AS player, score, checkpoints AS cps, updated_at AS driven FROM localrecord ORDER BY id')) {
      const what = `localrecord row ${String(row.id)} (map_id ${String(row.map)}, player_id ${String(row.player)})`;
      const uid = maps.get(String(row.map));
      const login = players.get(String(row.player));
      if (!uid) { yield { kind: 'rejected', what, reason: `map has no id ${String(row.map)}` }; continue; }
      if (!login) { yield { kind: 'rejected', what, reason: `player has no id ${String(row.player)}` }; continue; }
      const timeMs = Number(row.score);
      const cps = parseCheckpoints(row.cps, timeMs);
      if (!cps.ok) yield { kind: 'rejected', what: `checkpoints of ${what}`, reason: `${cps.reason}; the time is imported without them` };
      yield { kind: 'record', mapUid: uid, login, timeMs, checkpointsMs: cps.ok ? cps.ms : [timeMs], drivenAt: sourceDate(row.driven) };
    }
  }
  if (!(await db.hasTable('karma'))) return;
  for (const row of await db.query('SELECT id, map_id AS map, player_id AS player, score, expanded_score AS expanded FROM karma ORDER BY id')) {
    const what = `karma row ${String(row.id)} (map_id ${String(row.map)}, player_id ${String(row.player)})`;
    const uid = maps.get(String(row.map));
    const login = players.get(String(row.player));
    const column = row.expanded === null || row.expanded === undefined ? 'score' : 'expanded_score';
    const value = column === 'score' ? row.score : row.expanded;
    const vote = value === null || value === undefined ? undefined : karmaSign(value);
    if (!uid) yield { kind: 'rejected', what, reason: `map has no id ${String(row.map)}` };
    else if (!login) yield { kind: 'rejected', what, reason: `player has no id ${String(row.player)}` };
    else if (vote === undefined) yield { kind: 'rejected', what, reason: `${column} ${String(value)} is neither a like nor a dislike` };
    else yield { kind: 'karma', mapUid: uid, login, vote };
  }
}

export const pyplanetSource: ImportSource = { id: 'pyplanet', read };
