import { defineApp, nameForChat } from 'pitwall';

export default defineApp({
  id: 'hello',
  version: '1.0.0',
  init(ctx) {
    ctx.on('playerConnect', async ({ player }) => {
      await ctx.server.chat(`Hello ${nameForChat(player.nickName)}!`);
    });
  },
});
