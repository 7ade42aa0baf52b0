import { defineApp, nameForChat, stripFormatting } from '../../core/index.js';

/** Chat commands for running the server: who is on, skip the map, kick a player. */
export default defineApp({
  id: 'admin',
  version: '1.0.0',
  description: 'Chat commands: /players for everyone, //skip and //kick for operators and above.',
  init(ctx) {
    ctx.command({ name: 'players', description: 'lists the connected players' }, async (call) => {
      const players = [...ctx.server.players.values()];
      if (players.length === 0) return call.reply('No players are connected.');
      const names = players.map((player) => `${nameForChat(player.nickName)}${player.isSpectator ? ' (spec)' : ''}`);
      await call.reply(`${players.length} connected: ${names.join(', ')}`);
    });

    ctx.command({ name: 'skip', level: 'operator', description: 'goes to the next map' }, async (call) => {
      const map = ctx.server.currentMap?.name;
      await ctx.server.nextMap();
      await ctx.server.chat(`${map === undefined ? 'The current map' : nameForChat(map)} was skipped by an admin.`);
      ctx.logger.info(`${call.login} skipped ${map === undefined ? 'the current map' : stripFormatting(map)}`);
    });

    ctx.command(
      {
        name: 'kick',
        level: 'operator',
        description: 'removes a player from the server',
        params: { player: { type: 'player' }, reason: { type: 'rest', optional: true, description: 'shown to the player' } },
      },
      async (call) => {
        const { player, reason = '' } = call.params;
        await ctx.server.kick(player.login, reason);
        await call.reply(`Kicked ${nameForChat(player.nickName)} (${player.login}).`);
        ctx.logger.info(`${call.login} kicked ${player.login}${reason ? ` (${reason})` : ''}`);
      },
    );
  },
});
