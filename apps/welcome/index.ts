import { defineApp } from '../../core/index.js';

/** Greets every player who joins. */
export default defineApp({
  id: 'welcome',
  version: '1.0.0',
  description: 'Greets players when they join the server.',
  settings: {
    message: {
      type: 'string',
      default: 'Welcome to the server, {nickname}!',
      description: 'The greeting; {nickname} and {login} are replaced with the player\'s.',
    },
  },
  init(ctx) {
    ctx.on('playerConnect', ({ login, player }) => {
      const greeting = ctx.settings.message.replaceAll('{nickname}', player?.nickName ?? login).replaceAll('{login}', login);
      ctx.logger.info(greeting);
    });
  },
});
