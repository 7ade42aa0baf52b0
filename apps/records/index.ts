import { defineApp } from '../../core/index.js';
import { importLegacyRecords } from './legacy-import.js';
import { recordsDatabase } from './migrations.js';
import { formatTime, RecordStore } from './store.js';

interface WayPoint {
  login?: string;
  racetime?: number;
  isendrace?: boolean;
  curracecheckpoints?: number[];
}

/** Keeps each map's best times in the database, announces new records, and shows them with /records. */
export default defineApp({
  id: 'records',
  version: '1.0.0',
  description: 'Per-map local records: announced in chat, listed with /records.',
  settings: {
    listed: { type: 'integer', default: 5, min: 1, max: 50, description: 'How many records /records shows.' },
    announceTop: { type: 'integer', default: 10, min: 0, max: 1000, description: 'Announce new records up to this rank (0: never).' },
  },
  database: recordsDatabase,
  async init(ctx) {
    const store = new RecordStore(ctx.db);
    await importLegacyRecords(ctx.dataDir, store, ctx.logger, ctx.server.info.login);

    ctx.on('modeScript', async ({ name, data }) => {
      if (name !== 'Trackmania.Event.WayPoint') return;
      const waypoint = data as WayPoint;
      const map = ctx.server.currentMap;
      if (!waypoint.isendrace || !waypoint.login || typeof waypoint.racetime !== 'number' || !map) return;
      const nickName = ctx.server.players.get(waypoint.login)?.nickName ?? waypoint.login;
      const checkpoints = Array.isArray(waypoint.curracecheckpoints) ? waypoint.curracecheckpoints : [];
      const entry = { login: waypoint.login, nickName, time: waypoint.racetime, checkpoints, at: new Date().toISOString(), serverLogin: ctx.server.info.login };
      const result = await store.submit(map.uid, entry, { rankUpTo: ctx.settings.announceTop });
      if (result.improved && result.rank !== undefined) {
        await ctx.server.chat(`${nickName} drove record #${result.rank} on ${map.name}: ${formatTime(waypoint.racetime)}`);
      }
    });

    ctx.on('beginMap', async ({ map }) => {
      const [best] = await store.top(map.uid, 1);
      await ctx.server.chat(best ? `Record on ${map.name}: ${formatTime(best.time)} by ${best.nickName}` : `No record on ${map.name} yet: go!`);
    });

    ctx.command(
      'records',
      async (call) => {
        const map = ctx.server.currentMap;
        if (!map) return call.reply('No map is being played.');
        const top = await store.top(map.uid, ctx.settings.listed);
        if (top.length === 0) return call.reply(`No records on ${map.name} yet.`);
        await call.reply(`Records on ${map.name}: ${top.map((entry, index) => `${index + 1}. ${entry.nickName} ${formatTime(entry.time)}`).join(' | ')}`);
      },
      { description: 'shows the best times on this map' },
    );

    return { top: (mapUid: string, count: number) => store.top(mapUid, count), rank: (mapUid: string, login: string) => store.rank(mapUid, login) };
  },
});
