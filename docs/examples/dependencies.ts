import { defineApp } from 'pitwall';

export interface BestTimes {
  bestOf(login: string): number | undefined;
}

/** Keeps each player's best finish; its init returns an API for the apps that depend on it. */
export const bestTimes = defineApp({
  id: 'best-times',
  version: '1.0.0',
  init(ctx): BestTimes {
    const best = new Map<string, number>();
    ctx.on('playerFinish', ({ login, raceTime, isEndRace }) => {
      if (isEndRace) best.set(login, Math.min(best.get(login) ?? Infinity, raceTime));
    });
    return { bestOf: (login) => best.get(login) };
  },
});

/** Started after best-times, and only if it started. */
export const bestCommand = defineApp({
  id: 'best-command',
  version: '1.0.0',
  dependsOn: ['best-times'],
  init(ctx) {
    const times = ctx.dependency<BestTimes>('best-times');
    ctx.command('best', (call) => {
      const time = times.bestOf(call.login);
      return call.reply(time === undefined ? 'No finish yet.' : `Your best: ${time} ms`);
    });
  },
});
