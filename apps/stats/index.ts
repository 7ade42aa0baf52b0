import { defineApp, nameForChat, showListWindow, stripFormatting } from '../../core/index.js';
import type { RecordsApi } from '../records/index.js';
import { messages } from './messages.js';
import { statsDatabase, StatsStore } from './store.js';

const settings = {
  listed: { type: 'integer', default: 100, min: 10, max: 1000, description: 'How many players /topplaytime and /topfinishes list.' },
} as const;

/** Play time is written at least this often, so a crash or power cut loses at most this much of it. */
const FLUSH_MS = 60_000;

/** "3 h 07 min", "12 min", "45 s". */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 0) return `${Math.floor(ms / 1000)} s`;
  const hours = Math.floor(minutes / 60);
  return hours === 0 ? `${minutes} min` : `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Per player and server: time played, finishes, maps played, records held, first and last seen. */
export default defineApp({
  id: 'stats',
  version: '1.0.0',
  description: 'Counts play time, finishes and maps per player; /stats [login], /topplaytime, /topfinishes.',
  settings,
  database: statsDatabase,
  messages,
  uses: ['records'],
  init(ctx) {
    const store = new StatsStore(ctx.db, ctx.server.info.login);
    /** Since when each connected player's time has not been written. */
    const unwritten = new Map<string, number>();
    const now = (): number => Date.now();
    const iso = (): string => new Date().toISOString();

    const flush = async (login: string): Promise<void> => {
      const since = unwritten.get(login);
      if (since === undefined) return;
      const at = now();
      unwritten.set(login, at);
      await store.add(login, at - since, 0, iso());
    };

    const arrive = async (login: string, nickName: string, isSpectator: boolean): Promise<void> => {
      // The clock starts when the player arrives, not when the row is written.
      unwritten.set(login, now());
      await store.seen(login, nickName, iso());
      const map = ctx.server.currentMap;
      if (map && !isSpectator) await store.played(login, map.uid);
    };

    ctx.on('playerConnect', ({ login, player, isSpectator }) => arrive(login, player.nickName, isSpectator));
    ctx.on('playerDisconnect', async ({ login }) => {
      await flush(login);
      unwritten.delete(login);
    });
    ctx.on('beginMap', async ({ map }) => {
      for (const player of ctx.server.players.values()) if (!player.isSpectator) await store.played(player.login, map.uid);
    });
    ctx.on('playerFinish', async ({ login, isEndRace }) => {
      if (isEndRace) await store.add(login, 0, 1, iso());
    });
    ctx.every(FLUSH_MS, async () => {
      for (const login of [...unwritten.keys()]) await flush(login);
    });
    ctx.onStop(async () => {
      for (const login of [...unwritten.keys()]) await flush(login);
    });
    // Players already on the server when the app starts count from now.
    ctx.after(0, async () => {
      for (const player of ctx.server.players.values()) if (!unwritten.has(player.login)) await arrive(player.login, player.nickName, player.isSpectator);
    });

    ctx.command(
      { name: 'stats', description: "shows a player's play time, finishes, maps and records", params: { login: { type: 'string', optional: true, description: "a player's login (default: you)" } } },
      async (call) => {
        const login = call.params.login ?? call.login;
        await flush(login);
        const stats = await store.of(login);
        if (!stats) return call.reply(await ctx.t(call.login, 'noStats', { login: stripFormatting(login) }));
        const counts = await ctx.optionalDependency<RecordsApi>('records')?.countsOf(login);
        const to = call.login;
        const records = counts ? await ctx.t(to, counts.records === 1 ? 'recordsOne' : 'recordsMany', { count: counts.records, firsts: counts.firsts }) : '';
        await call.reply(
          await ctx.t(to, 'stats', {
            player: nameForChat(stats.nick_name),
            played: formatDuration(stats.play_ms),
            finishes: await ctx.t(to, stats.finishes === 1 ? 'finishesOne' : 'finishesMany', { count: stats.finishes }),
            maps: await ctx.t(to, stats.maps === 1 ? 'mapsOne' : 'mapsMany', { count: stats.maps }),
            records,
            first: stats.first_seen.slice(0, 10),
            last: stats.last_seen.slice(0, 10),
          }),
        );
      },
    );

    for (const [name, column, header, cell] of [
      ['topplaytime', 'play_ms', 'played', (ms: number) => formatDuration(ms)],
      ['topfinishes', 'finishes', 'finishes', (count: number) => String(count)],
    ] as const) {
      ctx.command({ name, description: `lists the players with the most ${name === 'topplaytime' ? 'play time' : 'finishes'}` }, async (call) => {
        for (const login of [...unwritten.keys()]) await flush(login);
        const top = await store.top(column, ctx.settings.listed);
        if (top.length === 0) return call.reply(await ctx.t(call.login, 'nobody'));
        await showListWindow(ctx.ui, call.login, {
          id: name,
          title: await ctx.t(call.login, name),
          columns: [
            { header: '#', width: 8, halign: 'right' },
            { header: await ctx.t(call.login, 'player'), width: 50 },
            { header: await ctx.t(call.login, header), width: 22, halign: 'right' },
          ],
          rows: top.map((row, index) => [`${index + 1}.`, row.nick_name, cell(row[column])]),
          pageSize: 15,
        });
      });
    }
  },
});
