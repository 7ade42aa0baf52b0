import { defineApp } from 'pitwall';

export default defineApp({
  id: 'reminder',
  version: '1.0.0',
  settings: {
    message: { type: 'string', default: 'Remember to hydrate!', description: 'What to say.' },
    everyMs: { type: 'integer', default: 600_000, min: 1000, description: 'How often, in milliseconds.' },
  },
  init(ctx) {
    // ctx.settings is typed from the declaration above: message is a string, everyMs a number.
    ctx.every(ctx.settings.everyMs, () => ctx.server.chat(ctx.settings.message));
    // Or on a cron schedule (seconds first): every day at 20:00.
    ctx.every('0 0 20 * * *', () => ctx.server.chat('Evening cup starts now!'));
    ctx.onStop(() => ctx.logger.info('reminder stopped'));
  },
});
