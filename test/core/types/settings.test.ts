/**
 * App settings are typed one by one: a wrong default is an error on that setting only, and every other setting
 * keeps its own type (before, one wrong default failed the inference and typed every setting as
 * string | number | boolean | string[], so `const laps: number = ctx.settings.laps` failed too). The
 * `@ts-expect-error` lines must stay errors and the typed lines must compile, or `npm run build` fails.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defineApp } from 'pitwall';
import { resolveAppSettings } from '../../../core/apps/app-settings.js';

it('one wrong default is an error there only; the other settings keep their own types', () => {
  const app = defineApp({
    id: 'typed',
    version: '1.0.0',
    settings: {
      laps: { type: 'integer', default: 3, min: 1, description: 'laps per race' },
      // @ts-expect-error Type 'string' is not assignable to type 'boolean'.
      announce: { type: 'boolean', default: 'yes' },
      greeting: { type: 'string', default: 'Hi' },
      tags: { type: 'string[]', default: ['cup'] },
      // @ts-expect-error Type 'string' is not assignable to type 'number'.
      ratio: { type: 'number', default: 'half' },
    },
    init(ctx) {
      const laps: number = ctx.settings.laps;
      const greeting: string = ctx.settings.greeting;
      const tags: string[] = ctx.settings.tags;
      const announce: boolean = ctx.settings.announce;
      // @ts-expect-error laps is a number, not a string
      const asText: string = ctx.settings.laps;
      // @ts-expect-error not a declared setting
      const missing = ctx.settings.rounds;
      return [laps, greeting, tags, announce, asText, missing];
    },
  });
  // The same wrong defaults stop the app at its start, naming each.
  assert.throws(() => resolveAppSettings(app.id, app.settings!, undefined), {
    code: 'PW_ERR_APP_SETTINGS',
    message:
      "App 'typed' has invalid settings in APP_SETTINGS['typed']:\n" +
      "  - announce must be true or false, got string \"yes\". Fix: set APP_SETTINGS['typed'].announce to true or false, or remove it to use the default.\n" +
      "  - ratio must be a number, got string \"half\". Fix: set APP_SETTINGS['typed'].ratio to a number, or remove it to use the default.",
  });
});

it('a valid declaration types each setting by its own type', () => {
  const app = defineApp({
    id: 'fine',
    version: '1.0.0',
    settings: { laps: { type: 'integer', default: 3 }, secret: { type: 'string', default: '', secret: true } },
    init(ctx) {
      const values: [number, string] = [ctx.settings.laps, ctx.settings.secret];
      return values;
    },
  });
  assert.deepEqual(resolveAppSettings(app.id, app.settings!, { laps: 5 }), { laps: 5, secret: '' });
});
