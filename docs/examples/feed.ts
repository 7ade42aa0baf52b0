import { defineApp } from 'pitwall';

export default defineApp({
  id: 'crash-demo',
  version: '1.0.0',
  // Opt in to the level-3 feed: your own Sentry, GlitchTip or Bugsink project receives your app's errors,
  // filtered (no player, server or machine data), when the owner runs at LOGGING_REPORTING = 3.
  reporting: { dsn: 'https://publickey@errors.example.com/42', contact: 'dev@example.com' },
  init(ctx) {
    ctx.on('playerChat', ({ text }) => {
      if (text === '/crash') throw new Error('crash-demo was asked to crash');
    });
  },
});
