import { defineApp, nameForChat } from 'pitwall';

/** Splits against each player's best run, and the match's moments announced. */
export default defineApp({
  id: 'splits',
  version: '1.0.0',
  init(ctx) {
    const best = new Map<string, { time: number; checkpoints: readonly number[] }>();
    const respawns = new Map<string, number>();

    // Times arrive checked: whole milliseconds since the start line, one per checkpoint crossed.
    ctx.on('playerCheckpoint', async ({ login, checkpointInRace, raceTime }) => {
      const split = best.get(login)?.checkpoints[checkpointInRace];
      if (split === undefined) return;
      const gap = raceTime - split;
      await ctx.server.chatTo(login, `Checkpoint ${checkpointInRace + 1}: ${gap > 0 ? '+' : ''}${gap} ms`);
    });
    ctx.on('playerStartLine', ({ login }) => void respawns.delete(login));
    ctx.on('playerRespawn', ({ login, respawns: count }) => void respawns.set(login, count));
    ctx.on('playerFinish', async ({ login, raceTime, checkpoints, isEndRace }) => {
      // A lap line of a lap race, or a section in Royal Time Attack: not a run of the whole map.
      if (!isEndRace) return;
      if (raceTime < (best.get(login)?.time ?? Infinity)) best.set(login, { time: raceTime, checkpoints });
      await ctx.server.chatTo(login, `Finished in ${raceTime} ms with ${respawns.get(login) ?? 0} respawn(s)`);
    });

    // The mode's own ranking when the map ends; bestRaceTime is undefined for a player without a finish.
    ctx.on('scores', async ({ section, players }) => {
      const winner = players.find((player) => player.rank === 1);
      if (section === 'EndMap' && winner?.bestRaceTime !== undefined) await ctx.server.chat(`${nameForChat(winner.name)} wins the map: ${winner.bestRaceTime} ms`);
    });
    ctx.on('warmUp', async (warmUp) => {
      if (warmUp.phase === 'start') await ctx.server.chat('Warm-up: times do not count yet');
      if (warmUp.phase === 'end') await ctx.server.chat('Warm-up over: go!');
    });
    ctx.on('pause', ({ active }) => ctx.server.chat(active ? 'Paused' : 'Back to racing'));
  },
});
