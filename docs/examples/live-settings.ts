import { defineApp } from 'pitwall';

export default defineApp({
  id: 'greeter',
  version: '1.0.0',
  settings: { greeting: { type: 'string', default: 'Welcome!', description: 'Said to each joining player.' } },
  init(ctx) {
    // Read ctx.settings where the value is used: it always holds the current value.
    ctx.on('playerConnect', ({ login }) => ctx.server.chatTo(login, ctx.settings.greeting));
    // With a listener the app keeps running when an admin changes a setting; without one it is restarted.
    ctx.onSettingsChange(({ key, value, changedBy }) => ctx.logger.info(`${changedBy} set ${key} to ${JSON.stringify(value)}`));
  },
});
