import assert from 'node:assert/strict';
import { it } from 'node:test';
import { resolveAppSettings } from '../../../core/apps/app-settings.js';

it('reads only own keys: a setting named like an inherited method takes its default, an inherited name given is unknown', () => {
  const spec = { toString: { type: 'string' as const, default: 'plain' }, listed: { type: 'integer' as const, default: 5 } };
  assert.deepEqual({ ...resolveAppSettings('records', spec, {}) }, { toString: 'plain', listed: 5 });
  assert.throws(() => resolveAppSettings('records', { listed: spec.listed }, JSON.parse('{"constructor": 3, "hasOwnProperty": 4}') as Record<string, unknown>), {
    code: 'PW_ERR_APP_SETTINGS',
    message:
      "App 'records' has invalid settings in APP_SETTINGS['records']:\n" +
      "  - constructor is not a setting of this app (known: listed). Fix: remove APP_SETTINGS['records'].constructor or check its spelling.\n" +
      "  - hasOwnProperty is not a setting of this app (known: listed). Fix: remove APP_SETTINGS['records'].hasOwnProperty or check its spelling.",
  });
});
