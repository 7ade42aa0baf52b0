import { defineApp, defineMessages, nameForChat } from 'pitwall';

// English declares every key; a translation may only use those keys (a typo is a type error).
const messages = defineMessages({
  en: { welcome: 'Welcome, {name}!', laps: 'You drove {count} laps.' },
  fr: { welcome: 'Bienvenue, {name} !', laps: 'Vous avez roulé {count} tours.' },
  de: { welcome: 'Willkommen, {name}!', laps: 'Du bist {count} Runden gefahren.' },
});

export default defineApp({
  id: 'polyglot',
  version: '1.0.0',
  messages,
  init(ctx) {
    let laps = 0;
    ctx.on('playerConnect', async ({ login, player }) => {
      // Each player reads the line in their game's language; the parameters are checked against the line.
      await ctx.tell(login, 'welcome', { name: nameForChat(player.nickName) });
    });
    ctx.command('laps', async (call) => call.reply(await ctx.t(call.login, 'laps', { count: laps })));
    ctx.every(60_000, () => laps++);
  },
});
