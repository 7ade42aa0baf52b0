import { defineApp, isConnectionFault, nameForChat } from '../../core/index.js';
import { importLegacyRecords } from './legacy-import.js';
import { recordsDatabase } from './migrations.js';
import { DATABASE_UNREACHABLE, formatTime, RecordStore } from './store.js';
import { showRecordsWidget, showRecordsWindow } from './ui.js';

/** Read as 'every record' by the widget and the window; a bound, not a real limit. */
const ALL_RECORDS = 1_000_000;

/** The fields of Trackmania.Event.WayPoint this app reads. */
interface WayPoint {
  login?: string;
  /** Race time in ms; 0 or less means no valid time. */
  racetime?: number;
  /** The finish line: the end of the whole race (after the last lap on a multi-lap map). */
  isendrace?: boolean;
  /** The end of a lap, which is not the end of the race unless isendrace is set too. */
  isendlap?: boolean;
  /** The checkpoint times of this run so far, the finish included. */
  curracecheckpoints?: number[];
}

/** Royal Time Attack: each finish ends one section of the map, not a run of the whole map. */
const SECTION_MODE = /RoyalTimeAttack/i;

/** A finish worth keeping: the end of the race with a positive time, in a mode where that is a whole run. */
function finishTime(waypoint: WayPoint, modeScript: string): number | undefined {
  if (waypoint.isendrace !== true || typeof waypoint.racetime !== 'number' || waypoint.racetime <= 0) return undefined;
  if (SECTION_MODE.test(modeScript)) return undefined;
  return waypoint.racetime;
}

/** Keeps each map's best times in the database, announces new records, shows them in a widget and a /records window. */
export default defineApp({
  id: 'records',
  version: '1.0.0',
  description: 'Per-map local records: announced in chat, shown in an on-screen widget, listed in a paged /records window.',
  settings: {
    listed: { type: 'integer', default: 5, min: 1, max: 50, description: 'How many records /records shows.' },
    widgetTop: { type: 'integer', default: 5, min: 0, max: 20, description: 'How many records the on-screen widget shows (0: no widget).' },
    announceTop: { type: 'integer', default: 10, min: 0, max: 1000, description: 'Announce new records up to this rank (0: never).' },
  },
  database: recordsDatabase,
  async init(ctx) {
    const store = new RecordStore(ctx.db);
    await importLegacyRecords(ctx.dataDir, store, ctx.logger, ctx.server.info.login);
    // Every time on the map, fastest first: the widget needs each connected player's own rank.
    const ranking = async () => (ctx.server.currentMap ? store.top(ctx.server.currentMap.uid, ALL_RECORDS) : []);
    const refreshWidget = async () => {
      if (ctx.settings.widgetTop > 0) await showRecordsWidget(ctx.ui, await ranking(), ctx.settings.widgetTop);
    };

    ctx.on('modeScript', async ({ name, data }) => {
      if (name !== 'Trackmania.Event.WayPoint') return;
      const waypoint = data as WayPoint;
      const map = ctx.server.currentMap;
      // The mode as the server reports it (refreshed at each map change), not an assumption.
      const time = finishTime(waypoint, ctx.server.info.modeScript);
      if (time === undefined || !waypoint.login || !map) return;
      const nickName = ctx.server.players.get(waypoint.login)?.nickName ?? waypoint.login;
      const checkpoints = Array.isArray(waypoint.curracecheckpoints) ? waypoint.curracecheckpoints : [];
      const entry = { login: waypoint.login, nickName, time, checkpoints, at: new Date().toISOString(), serverLogin: ctx.server.info.login };
      const result = await store.submit(map.uid, entry, { rankUpTo: ctx.settings.announceTop });
      if (result.improved) await refreshWidget();
      if (result.improved && result.rank !== undefined) {
        await ctx.server.chat(`${nameForChat(nickName)} drove record #${result.rank} on ${nameForChat(map.name)}: ${formatTime(time)}`);
      }
    });

    ctx.on('beginMap', async ({ map }) => {
      await refreshWidget();
      const [best] = await store.top(map.uid, 1);
      const mapName = nameForChat(map.name);
      await ctx.server.chat(best ? `Record on ${mapName}: ${formatTime(best.time)} by ${nameForChat(best.nickName)}` : `No record on ${mapName} yet: go!`);
    });

    ctx.command(
      {
        name: 'records',
        description: 'shows the best times on this map',
        params: { count: { type: 'integer', min: 1, max: 50, optional: true, description: 'how many to show (1 to 50)' } },
      },
      async (call) => {
        const map = ctx.server.currentMap;
        if (!map) return call.reply('No map is being played.');
        try {
          await showRecordsWindow(ctx.ui, call.login, map.name, ranking);
          const top = await store.top(map.uid, call.params.count ?? ctx.settings.listed);
          const mapName = nameForChat(map.name);
          if (top.length === 0) return call.reply(`No records on ${mapName} yet.`);
          await call.reply(`Records on ${mapName}: ${top.map((entry, index) => `${index + 1}. ${nameForChat(entry.nickName)} ${formatTime(entry.time)}`).join(' | ')}`);
        } catch (error) {
          if (!isConnectionFault(error)) throw error;
          await call.reply(DATABASE_UNREACHABLE);
        }
      },
    );

    ctx.after(0, refreshWidget);

    return { top: (mapUid: string, count: number) => store.top(mapUid, count), rank: (mapUid: string, login: string) => store.rank(mapUid, login) };
  },
});
