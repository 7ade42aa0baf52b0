import { defineApp, isConnectionFault, nameForChat, showListWindow, type Disposable, type MapInfo } from '../../core/index.js';
import { CheckpointBounds } from './checkpoint-bound.js';
import { CHECKPOINT_CHOICE, CHECKPOINT_TARGETS, CheckpointDiffs, type CheckpointTarget } from './checkpoint-diff.js';
import { readFinish, type Finish } from './finish.js';
import { importLegacyRecords } from './legacy-import.js';
import { recordsDatabase } from './migrations.js';
import { CurrentRanking } from './ranking.js';
import { formatTime, RecordStore, type RecordEntry } from './store.js';
import { TurnQueue } from './turn-queue.js';
import { messages } from './messages.js';
import { showCheckpointsWindow, showRecordsWindow, type WidgetLabels } from './ui.js';
import { ServerRanks } from './server-rank.js';
import { RecordsWidgetPainter } from './widget.js';

/** What the records app gives the apps that depend on it or use it (ctx.dependency / ctx.optionalDependency). */
export interface RecordsApi {
  top(mapUid: string, count: number): Promise<RecordEntry[]>;
  rank(mapUid: string, login: string): Promise<number | undefined>;
  /** Each map's record time, for the maps that have one. */
  bestTimes(mapUids: readonly string[]): Promise<Map<string, number>>;
  /** The player's own best on each map where they have one. */
  timesOf(login: string, mapUids: readonly string[]): Promise<Map<string, number>>;
  /** On how many maps the player has a time, and on how many of those it is the record. */
  countsOf(login: string): Promise<{ records: number; firsts: number }>;
  /**
   * Where /pb reads the player's world rank from while `source` is given (the worldrecords app gives its
   * own as it starts); dispose to take it back. The last one given is used.
   */
  useWorldRanks(source: WorldRankSource): Disposable;
}

/** A player's place on a map's world leaderboard, or that they are not among its first `notInTop` places. */
export type WorldRank = { position: number } | { notInTop: number };

/** World ranks by player, from an app that reads them (the worldrecords app); records never asks Nadeo itself. */
export interface WorldRankSource {
  /** Undefined when it cannot tell (world records off or unreachable, the player's account not known). */
  worldRankOf(mapUid: string, login: string): Promise<WorldRank | undefined>;
}

/** Keeps each map's best times in the database, announces new records, shows them in a widget and a /records window. */
export default defineApp({
  id: 'records',
  version: '1.0.0',
  description: 'Per-map local records: announced in chat, shown in an on-screen widget, listed in a paged /records window.',
  settings: {
    listed: { type: 'integer', default: 5, min: 1, max: 50, description: 'How many records /records shows.' },
    widgetTop: { type: 'integer', default: 5, min: 0, max: 20, description: 'How many records the on-screen widget shows (0: no widget).' },
    widgetBefore: { type: 'integer', default: 2, min: 0, max: 10, description: "How many records just above the player's own the widget shows under the top rows." },
    widgetAfter: { type: 'integer', default: 1, min: 0, max: 10, description: "How many records just below the player's own the widget shows." },
    announceTop: { type: 'integer', default: 10, min: 0, max: 1000, description: 'Announce new records up to this rank (0: never).' },
  },
  database: recordsDatabase,
  messages,
  async init(ctx) {
    const store = new RecordStore(ctx.db);
    await importLegacyRecords(ctx.dataDir, store, ctx.logger, ctx.server.info.login);
    // The whole ranking of the map in memory: the widget needs each connected player's own rank.
    const rankings = new CurrentRanking(ctx.db);
    const bounds = new CheckpointBounds(ctx.server);
    // Each connected player's widget words, once their language is known (the widget is drawn synchronously).
    const widgetLabels = new Map<string, WidgetLabels>();
    const widget = new RecordsWidgetPainter({
      ui: ctx.ui,
      labels: (login) => widgetLabels.get(login),
      players: () => ctx.server.players.keys(),
      rows: () => ctx.settings.widgetTop,
      around: () => ({ before: ctx.settings.widgetBefore, after: ctx.settings.widgetAfter }),
      // A row's checkpoint times beside the clicking player's own, read from the database (the ranking keeps none).
      onClick: (rank, login) => async (click) => {
        const map = ctx.server.currentMap;
        if (!map) return;
        const [other, own] = await Promise.all([store.recordOf(map.uid, login), store.recordOf(map.uid, click.login)]);
        if (other) await showCheckpointsWindow(ctx.ui, click.login, { rank, entry: other }, own);
      },
      after: (ms, fn) => ctx.after(ms, fn),
      now: () => performance.now(),
      // Read at each paint (after init has loaded the ranks): every finish that moves them marks the widget stale.
      serverRank: (login) => serverRanks.placeOf(login),
    });
    // Each run's checkpoint times come with its finish: the session asks Trackmania 2020 for them at every login.
    // One widget in /hud: the top rows, the player's own line and the rows around it go together.
    for (const page of ['widget', 'widget-own', 'widget-near', 'widget-rank'] as const) ctx.ui.widget(page, { title: 'Records' });
    // Each player's checkpoint target: a choice of the widget's, set with /cps or in /hud, kept in the database.
    const targets = ctx.ui.widget('cps', { title: 'Checkpoint differences', replaces: ['Race_Checkpoint'], choice: CHECKPOINT_CHOICE });
    const finishes = new TurnQueue();
    const diffs = new CheckpointDiffs({
      ui: ctx.ui,
      ranking: async () => (ctx.server.currentMap ? rankings.of(ctx.server.currentMap.uid) : undefined),
      recordOf: async (login) => (ctx.server.currentMap ? store.recordOf(ctx.server.currentMap.uid, login) : undefined),
      targetOf: (login) => targets.choiceOf(login),
      texts: async (login, run) => ({
        checkpoint: await ctx.t(login, 'cpsCheckpoint', { number: run.checkpoint }),
        against:
          run.rank === undefined
            ? await ctx.t(login, 'cpsNothing')
            : run.target === 'pb'
              ? await ctx.t(login, 'cpsAgainstBest')
              : await ctx.t(login, 'cpsAgainstRecord', { rank: run.rank, player: run.nickName ?? '' }),
      }),
    });
    ctx.on('playerCheckpoint', (crossed) => diffs.crossed(crossed));
    // The finish and lap lines are the run's checkpoints too (a Royal section's end is not: its time is the section's).
    ctx.on('playerFinish', (crossed) => (crossed.isEndSection ? undefined : diffs.crossed(crossed)));
    ctx.on('playerStartLine', ({ login }) => diffs.restart(login));
    ctx.on('playerGiveUp', ({ login }) => diffs.restart(login));
    // A respawn to the start (no checkpoint crossed yet) starts the run again; one to a checkpoint does not.
    ctx.on('playerRespawn', (respawn) => (respawn.checkpointInRace < 0 ? diffs.restart(respawn.login) : undefined));
    const mapUids = async (): Promise<string[]> => {
      const list = await ctx.server.call('GetMapList', -1, 0);
      return Array.isArray(list) ? list.map((entry) => String((entry as Record<string, unknown>).UId ?? '')) : [];
    };
    // Every map's ranking, read once (and again when the server's list changes), then kept up to date per finish.
    let serverRanks = await ServerRanks.load(ctx.db, await mapUids());
    const showMap = async (uid: string): Promise<void> => {
      void bounds.boundOf(uid);
      widget.use(await rankings.of(uid));
    };

    ctx.on('playerFinish', async (crossed) => {
      // Lap ends and Royal section ends are no run of the whole map (the core reads the mode for that).
      if (!crossed.isEndRace) return;
      const map = ctx.server.currentMap;
      if (!map) return;
      const bound = bounds.boundOf(map.uid);
      const finish = readFinish(crossed, {
        isConnected: (login) => ctx.server.players.has(login),
        checkpointBound: typeof bound === 'number' ? bound : await bound,
      });
      if (finish === undefined) return;
      if ('dropped' in finish) return ctx.logger.debug(finish.dropped);
      return finishes.run(() => keep(map, finish));
    });

    /**
     * Keeps a checked finish: a new best moves the player in the ranking and the widget at once, is stored,
     * and may be announced.
     */
    const keep = async (map: MapInfo, finish: Finish): Promise<void> => {
      const nickName = ctx.server.players.get(finish.login)?.nickName ?? finish.login;
      const entry = { login: finish.login, nickName, time: finish.time, checkpoints: finish.checkpoints, at: new Date().toISOString(), serverLogin: ctx.server.info.login };
      // A ranking that cannot be read (the database away) holds no finish back: it is stored (or queued) first.
      let unread: unknown;
      const ranking = await rankings.of(map.uid).catch((error: unknown) => void (unread = error));
      // The ranking in memory moves first, so the widget's redraw does not wait for the database.
      const moved = ranking?.improve(entry) !== undefined;
      if (moved) {
        diffs.improved(entry.login, entry.checkpoints);
        serverRanks.improve(map.uid, entry);
        widget.changed();
      }
      // The redraw is drawn as this yields and written at the end of the turn; the write waits for the next
      // turn, as SQLite's runs synchronously and would hold the frame back.
      await new Promise((resolve) => setImmediate(resolve));
      // The database decides whether it is an improvement (controllers sharing it agree on that).
      const stored = await store.submit(map.uid, entry, { rankUpTo: 0 });
      if (unread !== undefined) throw unread;
      if (!ranking) return;
      if (moved && !stored.improved && !stored.queued) {
        // Another controller sharing the database stored a better time of this player's first: memory follows.
        const best = await store.recordOf(map.uid, entry.login);
        if (best && ranking.improve(best)) {
          diffs.improved(best.login, best.checkpoints);
          serverRanks.improve(map.uid, best);
          widget.changed();
        }
      }
      // The server ranks' bookkeeping, after the redraw (a finish passing many records costs a few ms).
      serverRanks.settle();
      if (!stored.improved) return;
      // The memory rank is never worse than the database's (it lacks only other controllers' times): only a
      // finish that may be announced costs a count in the database.
      const near = ranking.rankOf(entry.login)! <= ctx.settings.announceTop;
      const rank = near ? await store.rank(map.uid, entry.login) : undefined;
      if (rank !== undefined && rank <= ctx.settings.announceTop) {
        await ctx.announce('newRecord', { player: nameForChat(nickName), rank, map: nameForChat(map.name), time: formatTime(finish.time) });
      }
    };

    ctx.on('beginMap', async ({ map }) => {
      diffs.reset();
      await showMap(map.uid);
      const uids = await mapUids();
      if (!serverRanks.covers(uids)) {
        serverRanks = await ServerRanks.load(ctx.db, uids);
        widget.changed();
      }
      const [best] = (await rankings.of(map.uid)).top(1);
      const mapName = nameForChat(map.name);
      await (best ? ctx.announce('mapRecord', { map: mapName, time: formatTime(best.time), player: nameForChat(best.nickName) }) : ctx.announce('noMapRecord', { map: mapName }));
    });

    // A player's language can arrive after the app was stopped (//app stop right after a join): nothing to draw then.
    let stopped = false;
    ctx.onStop(() => {
      stopped = true;
    });
    const learnLanguage = async (login: string): Promise<void> => {
      const labels = { title: await ctx.t(login, 'widget.title'), empty: await ctx.t(login, 'widget.empty'), serverRank: await ctx.t(login, 'widget.serverRank') };
      if (stopped || !ctx.server.players.has(login)) return;
      widgetLabels.set(login, labels);
      widget.relabel();
    };
    ctx.on('playerConnect', ({ login }) => learnLanguage(login));
    ctx.on('playerDisconnect', ({ login }) => {
      widgetLabels.delete(login);
      widget.forget(login);
      diffs.forget(login);
    });

    const targetLine = { pb: 'cpsTargetPb', top: 'cpsTargetTop', next: 'cpsTargetNext' } as const;
    ctx.command(
      {
        name: 'cps',
        description: 'chooses what your checkpoint times are compared with: your best (pb), record #1 (top) or the record just above yours (next)',
        params: { target: { type: 'enum', values: CHECKPOINT_TARGETS, optional: true, description: 'pb, top or next (default: shows the current choice)' } },
      },
      async (call) => {
        const target = call.params.target as CheckpointTarget | undefined;
        if (target) await targets.choose(call.login, target);
        await call.reply(await ctx.t(call.login, targetLine[targets.choiceOf(call.login)]));
      },
    );

    ctx.command(
      {
        name: 'records',
        description: 'shows the best times on this map',
        params: { count: { type: 'integer', min: 1, max: 50, optional: true, description: 'how many to show (1 to 50)' } },
      },
      // In the finishes' queue: the answer includes every finish the server sent before the command.
      (call) => finishes.run(async () => {
        const map = ctx.server.currentMap;
        if (!map) return call.reply(await ctx.t(call.login, 'noMap'));
        try {
          // The top rows from the database: controllers sharing it may have added some since this map began.
          const top = await store.top(map.uid, call.params.count ?? ctx.settings.listed);
          const ranking = await rankings.of(map.uid);
          const moved = top.filter((entry) => ranking.improve(entry)).length > 0;
          for (const entry of top) serverRanks.improve(map.uid, entry);
          if (serverRanks.settle() || moved) widget.changed();
          const labels = { title: await ctx.t(call.login, 'window.title', { map: map.name }), rank: await ctx.t(call.login, 'window.rank'), player: await ctx.t(call.login, 'window.player'), time: await ctx.t(call.login, 'window.time') };
          await showRecordsWindow(ctx.ui, call.login, labels, async () => (await rankings.of(map.uid)).top(Number.POSITIVE_INFINITY));
          const mapName = nameForChat(map.name);
          if (top.length === 0) return call.reply(await ctx.t(call.login, 'noRecords', { map: mapName }));
          const list = top.map((entry, index) => `${index + 1}. ${nameForChat(entry.nickName)} ${formatTime(entry.time)}`).join(' | ');
          await call.reply(await ctx.t(call.login, 'records', { map: mapName, list }));
        } catch (error) {
          if (!isConnectionFault(error)) throw error;
          await call.reply(await ctx.t(call.login, 'unreachable'));
        }
      }),
    );

    // Given by the worldrecords app while it runs (it uses records, so records cannot use it back: a cycle).
    let worldRanks: WorldRankSource | undefined;
    /** The player's world rank as /pb adds it, or '' when there is none to tell (as without world records). */
    const worldLine = async (login: string, mapUid: string): Promise<string> => {
      const source = worldRanks;
      if (!source) return '';
      let rank: WorldRank | undefined;
      try {
        rank = await source.worldRankOf(mapUid, login);
      } catch (error) {
        ctx.logger.warn(`world rank of ${login}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!rank) return '';
      return 'position' in rank ? ctx.t(login, 'worldRank', { position: rank.position }) : ctx.t(login, 'worldNotInTop', { top: rank.notInTop });
    };

    ctx.command({ name: 'pb', description: 'shows your best time on this map, its rank and its checkpoint times' }, async (call) => {
      const best = await finishes.run(async () => {
        const map = ctx.server.currentMap;
        if (!map) return { line: await ctx.t(call.login, 'noMap') };
        const mapName = nameForChat(map.name);
        const own = await store.recordOf(map.uid, call.login);
        if (!own) return { line: await ctx.t(call.login, 'noBest', { map: mapName }) };
        const ranking = await rankings.of(map.uid);
        if (ranking.improve(own)) widget.changed();
        const checkpoints = own.checkpoints.slice(0, -1).map(formatTime).join(' ') || '-';
        return { line: await ctx.t(call.login, 'best', { map: mapName, time: formatTime(own.time), rank: ranking.rankOf(call.login)!, of: ranking.size, checkpoints }), mapUid: map.uid };
      });
      // Out of the finishes' queue: a slow answer from Nadeo holds no finish back.
      await call.reply(best.line + (best.mapUid === undefined ? '' : await worldLine(call.login, best.mapUid)));
    });

    ctx.command(
      { name: 'rank', description: "shows a player's server rank: the average rank over the maps", params: { login: { type: 'string', optional: true, description: "a player's login (default: you)" } } },
      (call) => finishes.run(async () => {
        const login = call.params.login ?? call.login;
        const player = nameForChat(ctx.server.players.get(login)?.nickName ?? login);
        const rank = serverRanks.rankOf(login);
        if (!rank) return call.reply(await ctx.t(call.login, 'notRanked', { player }));
        await call.reply(await ctx.t(call.login, 'serverRank', { player, place: rank.place, of: rank.of, average: rank.average.toFixed(2), maps: rank.maps }));
      }),
    );

    ctx.command({ name: 'topranks', description: 'lists the best server ranks' }, (call) =>
      finishes.run(async () =>
        showListWindow(ctx.ui, call.login, {
          id: 'topranks',
          title: await ctx.t(call.login, 'ranks.title'),
          columns: [
            { header: '#', width: 8, halign: 'right' },
            { header: await ctx.t(call.login, 'window.player'), width: 50 },
            { header: await ctx.t(call.login, 'ranks.average'), width: 20, halign: 'right' },
          ],
          rows: () => serverRanks.top(500).map((rank) => [`${rank.place}.`, rank.nickName, rank.average.toFixed(2)]),
          pageSize: 15,
        }),
      ),
    );

    ctx.after(0, async () => {
      await (ctx.server.currentMap ? showMap(ctx.server.currentMap.uid) : widget.use(undefined));
      // Players already here when the app starts: their widget words too.
      await Promise.all([...ctx.server.players.keys()].map((login) => learnLanguage(login)));
    });

    const api: RecordsApi = {
      top: (mapUid, count) => store.top(mapUid, count),
      rank: (mapUid, login) => store.rank(mapUid, login),
      bestTimes: (mapUids) => store.bestTimes(mapUids),
      timesOf: (login, mapUids) => store.timesOf(login, mapUids),
      countsOf: (login) => store.countsOf(login),
      useWorldRanks: (source) => {
        worldRanks = source;
        return {
          dispose: () => {
            if (worldRanks === source) worldRanks = undefined;
          },
        };
      },
    };
    return api;
  },
});
