import { defineApp, nameForChat } from '../../core/index.js';

/** Greets every player who joins, in the server chat. */
export default defineApp({
  id: 'welcome',
  version: '1.0.0',
  description: 'Greets players in the chat when they join the server.',
  settings: {
    message: {
      type: 'string',
      default: 'Welcome to {server}, {nickname}!',
      description: "The greeting; {nickname}, {login} and {server} are replaced with the player's and server's names.",
    },
    privately: {
      type: 'boolean',
      default: false,
      description: 'Send the greeting to the joining player only, instead of to everyone.',
    },
  },
  init(ctx) {
    ctx.on('playerConnect', async ({ login, player }) => {
      // Replaced through functions: a name's `$$` must not be read as a replacement pattern.
      const greeting = ctx.settings.message
        .replaceAll('{nickname}', () => nameForChat(player.nickName))
        .replaceAll('{login}', () => login)
        .replaceAll('{server}', () => nameForChat(ctx.server.info.name));
      if (ctx.settings.privately) await ctx.server.chatTo(login, greeting);
      else await ctx.server.chat(greeting);
    });
  },
});
