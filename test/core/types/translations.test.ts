/**
 * Translation keys and parameters are checked by the compiler against the app's English lines: a key no
 * language declares, a translation of a key English lacks, a missing or unknown parameter. The
 * `@ts-expect-error` lines must stay errors and the typed lines must compile, or `npm run build` fails.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defineApp, defineMessages } from 'pitwall';
import { checkMessages } from '../../../core/testing.js';

const messages = defineMessages({
  en: { hello: 'Hello {name}!', laps: '{count} laps left', bye: 'Bye' },
  fr: { hello: 'Bonjour {name} !', laps: 'Encore {count} tours', bye: 'Au revoir' },
});

// @ts-expect-error 'helo' is not an English key, so French may not translate it.
defineMessages({ en: { hello: 'Hello' }, fr: { helo: 'Bonjour' } });

it('types ctx.t, tell and announce by the English lines', () => {
  const app = defineApp({
    id: 'typed-lines',
    version: '1.0.0',
    messages,
    async init(ctx) {
      const line: string = await ctx.t('anna', 'hello', { name: 'Anna' });
      await ctx.tell('anna', 'laps', { count: 3 });
      await ctx.announce('bye');
      // @ts-expect-error 'hallo' is not a key of the app's messages
      await ctx.t('anna', 'hallo');
      // @ts-expect-error the line needs {name}
      await ctx.tell('anna', 'hello', {});
      // @ts-expect-error the line has no {who}
      await ctx.announce('laps', { count: 1, who: 'x' });
      // @ts-expect-error a line with parameters needs them
      await ctx.t('anna', 'laps');
      return line;
    },
  });
  assert.deepEqual(checkMessages(app), []);
});
