import { defineApp, nameForChat, stripFormatting } from '../../core/index.js';

/** Chat commands for running the server: who is on, skip the map, kick a player. */
export default defineApp({
  id: 'admin',
  version: '1.0.0',
  description: 'Chat commands: /players for everyone, /skip and /kick for the logins in ADMINS.',
  init(ctx) {
    ctx.command(
      'players',
      async (call) => {
        const players = [...ctx.server.players.values()];
        if (players.length === 0) return call.reply('No players are connected.');
        const names = players.map((player) => `${nameForChat(player.nickName)}${player.isSpectator ? ' (spec)' : ''}`);
        await call.reply(`${players.length} connected: ${names.join(', ')}`);
      },
      { description: 'lists the connected players' },
    );

    ctx.command(
      'skip',
      async (call) => {
        const map = ctx.server.currentMap?.name;
        await ctx.server.nextMap();
        await ctx.server.chat(`${map === undefined ? 'The current map' : nameForChat(map)} was skipped by an admin.`);
        ctx.logger.info(`${call.login} skipped ${map === undefined ? 'the current map' : stripFormatting(map)}`);
      },
      { admin: true, description: 'goes to the next map' },
    );

    ctx.command(
      'kick',
      async (call) => {
        const [target, ...reason] = call.args;
        if (!target) return call.reply('Usage: /kick <login> [reason]');
        if (!ctx.server.players.has(target)) return call.reply(`No player with login '${target}' is connected.`);
        await ctx.server.kick(target, reason.join(' '));
        await call.reply(`Kicked ${target}.`);
        ctx.logger.info(`${call.login} kicked ${target}${reason.length ? ` (${reason.join(' ')})` : ''}`);
      },
      { admin: true, description: 'removes a player from the server' },
    );
  },
});
