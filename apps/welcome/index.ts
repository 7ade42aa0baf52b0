import { defineApp, nameForChat } from '../../core/index.js';
import { messages } from './messages.js';

const DEFAULT_MESSAGE = messages.en.greeting;

/** Greets every player who joins, in the server chat. */
export default defineApp({
  id: 'welcome',
  version: '1.0.0',
  description: 'Greets players in the chat when they join the server.',
  settings: {
    message: {
      type: 'string',
      default: DEFAULT_MESSAGE,
      description:
        "The greeting; {nickname}, {login} and {server} are replaced with the player's and server's names. " +
        "Left at its default, each player reads it in their game's language (English, French or German).",
    },
    privately: {
      type: 'boolean',
      default: false,
      description: 'Send the greeting to the joining player only, instead of to everyone.',
    },
  },
  messages,
  init(ctx) {
    ctx.on('playerConnect', async ({ login, player }) => {
      if (ctx.settings.message === DEFAULT_MESSAGE) {
        const names = { nickname: nameForChat(player.nickName), server: nameForChat(ctx.server.info.name) };
        if (ctx.settings.privately) await ctx.tell(login, 'greeting', names);
        else await ctx.announce('greeting', names);
        return;
      }
      // The owner's own text, as written. Replaced through functions: a name's `$$` must not be read as a replacement pattern.
      const greeting = ctx.settings.message
        .replaceAll('{nickname}', () => nameForChat(player.nickName))
        .replaceAll('{login}', () => login)
        .replaceAll('{server}', () => nameForChat(ctx.server.info.name));
      if (ctx.settings.privately) await ctx.server.chatTo(login, greeting);
      else await ctx.server.chat(greeting);
    });
  },
});
