import { CoalescedDraw, defineApp, h, REDRAW_INTERVAL_MS } from '../../core/index.js';
import { BestCheckpoints, LiveStandings, rankingKind, type RankingKind } from './standings.js';
import { BestCheckpointStrip, LiveRanking } from './ui.js';

/** The current map's ranking as it happens and the fastest time at each checkpoint, for every player. */
export default defineApp({
  id: 'live',
  version: '1.0.0',
  description: "Live rankings (best times in Time Attack and Laps, points from the mode's scores in Rounds, Cup and Teams with Cup's finalists and winners, who is still in in Knockout) and the best time at each checkpoint this map.",
  settings: {
    rankingRows: { type: 'integer', default: 8, min: 0, max: 30, description: 'How many players the live ranking shows (0: no ranking).' },
    bestCheckpoints: { type: 'boolean', default: true, description: 'Show the strip of best checkpoint times at the top of the screen.' },
    checkpointsPerRow: { type: 'integer', default: 12, min: 1, max: 20, description: 'How many checkpoints one row of the strip holds.' },
  },
  async init(ctx) {
    ctx.ui.widget('ranking', { title: 'Live ranking' });
    ctx.ui.widget('best-cps', { title: 'Best checkpoints' });
    const standings = new LiveStandings();
    const bestCps = new BestCheckpoints();
    const kind = (): RankingKind => rankingKind(ctx.server.info.modeScript);
    /** Cup's S_PointsLimit: a player with as many match points is a finalist, one with more a winner. */
    let pointsLimit: number | undefined;
    const nickOf = (login: string): string => ctx.server.players.get(login)?.nickName ?? login;
    const timer = { after: (ms: number, fn: () => unknown) => ctx.after(ms, fn), now: () => performance.now(), intervalMs: REDRAW_INTERVAL_MS };
    const ranking = new CoalescedDraw(async () => {
      const count = ctx.settings.rankingRows;
      const rows = standings.top(count, kind(), pointsLimit);
      if (count === 0 || rows.length === 0) return ctx.ui.hide('ranking');
      await ctx.ui.show('ranking', h(LiveRanking, { rows, teams: standings.teams(), count }));
    }, timer);
    const strip = new CoalescedDraw(async () => {
      const best = bestCps.all();
      if (!ctx.settings.bestCheckpoints || best.length === 0) return ctx.ui.hide('best-cps');
      await ctx.ui.show('best-cps', h(BestCheckpointStrip, { best, perRow: ctx.settings.checkpointsPerRow }));
    }, timer);

    // The mode's scores of the map under way: Trackmania.GetScores is answered with a Trackmania.Scores.
    const askScores = async (): Promise<void> => {
      try {
        await ctx.server.call('TriggerModeScriptEventArray', 'Trackmania.GetScores', []);
      } catch (error) {
        ctx.logger.debug(`The server did not take Trackmania.GetScores: ${(error as Error).message}`);
      }
    };

    // Cup's points limit, read from the mode's settings as each map begins (finalists are at it).
    const askPointsLimit = async (): Promise<void> => {
      pointsLimit = undefined;
      if (!/Cup/i.test(ctx.server.info.modeScript)) return;
      try {
        const settings = (await ctx.server.call('GetModeScriptSettings')) as Record<string, unknown>;
        const limit = settings.S_PointsLimit;
        pointsLimit = typeof limit === 'number' && Number.isInteger(limit) ? limit : undefined;
      } catch (error) {
        ctx.logger.debug(`The server did not answer GetModeScriptSettings, so Cup finalists are not marked: ${(error as Error).message}`);
      }
      ranking.changed();
    };

    ctx.on('scores', (scores) => {
      if (standings.scored(scores, kind())) ranking.changed();
    });
    ctx.on('knockoutElimination', ({ accountIds }) => {
      if (standings.eliminated(accountIds)) ranking.changed();
    });
    ctx.on('beginMatch', () => standings.clearMatch());
    ctx.on('playerFinish', (crossed) => {
      // The finish line is a checkpoint of the strip too; a Royal section's end is not (its time is the section's).
      if (!crossed.isEndSection && bestCps.crossed(crossed.checkpointInRace, crossed.raceTime, crossed.login, nickOf(crossed.login))) strip.changed();
      if (crossed.isEndRace && kind() === 'time' && standings.finished(crossed.login, nickOf(crossed.login), crossed.raceTime)) ranking.changed();
    });
    ctx.on('playerCheckpoint', (crossed) => {
      if (bestCps.crossed(crossed.checkpointInRace, crossed.raceTime, crossed.login, nickOf(crossed.login))) strip.changed();
    });
    ctx.on('beginMap', async () => {
      standings.clear();
      bestCps.clear();
      ranking.changed();
      strip.changed();
      await askPointsLimit();
      await askScores();
    });
    ctx.on('reconnected', async () => (await askPointsLimit(), await askScores()));
    ctx.after(0, async () => (await askPointsLimit(), await askScores()));
  },
});
