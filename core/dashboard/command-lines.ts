import type { DispatchResult } from '../server/commands.js';
import { HttpProblem } from './http.js';
import type { MapView } from './views.js';

/** The player actions and the admin app's commands they run, exactly as typed in game. */
export const PLAYER_ACTIONS: Record<string, { command: string; reasonRequired?: boolean }> = {
  kick: { command: 'kick' },
  mute: { command: 'mute' },
  warn: { command: 'warn', reasonRequired: true },
  ban: { command: 'ban' },
};

/** The HTTP status of each command outcome. */
export const STATUS_OF: Record<DispatchResult, number> = { ran: 200, denied: 403, unknown: 404, invalid: 400, 'not-a-command': 400 };

/** A command line for the log: the words after //password and a //set value (it may be a secret) are not written down. */
export function commandForLog(line: string): string {
  if (/^\/\/?password\b/i.test(line)) return '//password ********';
  const set = /^(\/\/?set\s+\S+)\s+\S/i.exec(line);
  return set ? `${set[1]} ********` : line;
}

/**
 * The command line a Maps page action runs, as a player types it: `//add tmx <id>`, or `/jukebox add` and
 * `//removemap` with the map's number, looked up by its uid in the list just before.
 */
export async function mapActionLine(action: string, fields: Record<string, unknown>, maps: () => Promise<MapView[]>): Promise<string> {
  if (action === 'tmx') {
    const id = fields.id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new HttpProblem(400, 'Give "id": the TMX map id (a number, as in //add tmx <id>).');
    if (!/^[1-9]\d{0,9}$/.test(String(id))) throw new HttpProblem(400, `"${String(id).slice(0, 40)}" is not a TMX map id: give its number, e.g. 101.`);
    return `//add tmx ${id}`;
  } else {
    const { uid } = fields;
    if (typeof uid !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(uid)) throw new HttpProblem(400, 'Give "uid": the map\'s uid, as in GET /api/maps.');
    const view = await maps();
    const map = view.find((each) => each.uid === uid);
    if (!map) throw new HttpProblem(404, `No map with uid ${uid} is on the server's list.`);
    return action === 'queue' ? `/jukebox add ${map.number}` : `//removemap ${map.number}`;
  }
}
