/**
 * Command declarations the compiler refuses. Each `@ts-expect-error` line must stay an error: if a check in
 * ParamsCheck (core/server/command-params.ts) is removed, the line compiles and `npm run build` fails on the
 * unused directive. At run time the same declarations are refused at registration (for JavaScript apps).
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CommandRegistry, subcommand } from '../../../core/server/commands.js';
import type { PlayerInfo } from '../../../core/server/event-map.js';

const registry = new CommandRegistry(() => true);
const none = (): undefined => undefined;

it('a required parameter after an optional one fails to compile, in a command and in a sub-command', () => {
  assert.throws(
    // @ts-expect-error a required parameter comes after an optional one
    () => registry.register('x', { name: 'late', params: [{ name: 'page', type: 'integer', optional: true }, { name: 'who', type: 'player' }] }, none),
    { code: 'PW_ERR_COMMAND_SPEC', message: /parameter 'who' is required but comes after the optional 'page'; put optional parameters last/ },
  );
  assert.throws(
    // @ts-expect-error a parameter with a default counts as optional
    () => registry.register('x', { name: 'late', params: [{ name: 'times', type: 'integer', default: 1 }, { name: 'who', type: 'string' }] }, none),
    { code: 'PW_ERR_COMMAND_SPEC', message: /parameter 'who' is required but comes after the optional 'times'/ },
  );
  assert.throws(
    () =>
      registry.register('x', {
        name: 'late',
        subcommands: {
          // @ts-expect-error the same check in a sub-command
          go: subcommand({ params: [{ name: 'why', type: 'rest', optional: true }, { name: 'who', type: 'string' }] }, none),
        },
      }),
    { code: 'PW_ERR_COMMAND_SPEC', message: /sub-command 'go': parameter 'why' takes the rest of the line, so it must be the last one/ },
  );
});

it('a rest parameter before another fails to compile', () => {
  assert.throws(
    // @ts-expect-error a rest parameter takes the rest of the line
    () => registry.register('x', { name: 'rest', params: [{ name: 'text', type: 'rest' }, { name: 'who', type: 'string' }] }, none),
    { code: 'PW_ERR_COMMAND_SPEC', message: /parameter 'text' takes the rest of the line, so it must be the last one/ },
  );
});

it('by name, an optional or rest parameter among others fails to compile: types cannot see the key order', () => {
  assert.throws(
    // @ts-expect-error declare these as a list so their order is checked
    () => registry.register('x', { name: 'byname', params: { page: { type: 'integer', optional: true }, who: { type: 'string' } } }, none),
    { code: 'PW_ERR_COMMAND_SPEC' },
  );
  // @ts-expect-error also when the order happens to be right
  registry.register('x', { name: 'byname', params: { who: { type: 'string' }, why: { type: 'rest', optional: true } } }, none);
});

it('well-ordered declarations compile, and the handler gets each parameter typed on its own', () => {
  registry.register('x', { name: 'one', params: { page: { type: 'integer', optional: true } } }, (call) => {
    const page: number | undefined = call.params.page;
    return page;
  });
  registry.register('x', { name: 'two', params: { who: { type: 'string' }, count: { type: 'integer' } } }, (call) => {
    const [who, count]: [string, number] = [call.params.who, call.params.count];
    return [who, count];
  });
  registry.register(
    'x',
    {
      name: 'list',
      params: [{ name: 'who', type: 'player' }, { name: 'times', type: 'integer', default: 1 }, { name: 'mode', type: 'enum', values: ['soft', 'hard'], optional: true }, { name: 'why', type: 'rest', optional: true }],
      subcommands: { reset: subcommand({ level: 'admin', params: [{ name: 'login', type: 'string' }] }, (call) => call.params.login.length) },
    },
    (call) => {
      const values: [PlayerInfo, number, 'soft' | 'hard' | undefined, string | undefined] = [call.params.who, call.params.times, call.params.mode, call.params.why];
      // @ts-expect-error an undeclared parameter
      return [values, call.params.other];
    },
  );
  assert.deepEqual(
    registry.list().map((command) => command.usage),
    ['/byname <who> [why...]', '/list <who> [times] [soft|hard] [why...] | //list <reset>', '/one [page]', '/two <who> <count>'],
  );
});
