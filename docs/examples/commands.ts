import { defineApp } from 'pitwall';

export default defineApp({
  id: 'announcer',
  version: '1.0.0',
  init(ctx) {
    // Everyone may use /online; only admins (and master admins) may use //announce.
    ctx.command('online', (call) => call.reply(`${ctx.server.playerCount} racing, ${ctx.server.spectatorCount} watching`), {
      description: 'who is on the server',
    });
    ctx.command(
      'announce',
      async (call) => {
        if (!call.text) return call.reply('Usage: //announce <message>');
        await ctx.server.chat(`[Admin] ${call.text}`);
      },
      { admin: true, description: 'sends a message to everyone' },
    );
  },
});
