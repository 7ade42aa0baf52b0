import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandRegistry, parseCommandLine, subcommand } from '../../../core/server/commands.js';
import type { PlayerInfo } from '../../../core/server/event-map.js';
import { reaches, type AccessLevel } from '../../../core/server/levels.js';

const reply = async (): Promise<void> => undefined;

it('parses a chat line into a command name and arguments', () => {
  assert.deepEqual(parseCommandLine('  /Kick  bob  now '), { prefix: '/', name: 'kick', args: ['bob', 'now'], text: 'bob  now' });
  assert.deepEqual(parseCommandLine('//kick bob'), { prefix: '//', name: 'kick', args: ['bob'], text: 'bob' });
  assert.deepEqual(parseCommandLine('/players'), { prefix: '/', name: 'players', args: [], text: '' });
  assert.equal(parseCommandLine('///kick'), undefined);
  assert.equal(parseCommandLine('hello /kick'), undefined);
  assert.equal(parseCommandLine('/'), undefined);
});

it('runs a command, denies admin commands to others, and tells unknown commands apart', () => {
  const registry = new CommandRegistry((login) => login === 'boss');
  const calls: string[] = [];
  registry.register('admin', 'kick', (call) => void calls.push(`${call.login} kicks ${call.args.join(',')}`), { admin: true });
  registry.register('admin', 'players', () => void calls.push('players'));
  assert.equal(registry.dispatch('boss', '/kick bob', reply), 'ran');
  assert.equal(registry.dispatch('bob', '/kick boss', reply), 'denied');
  assert.equal(registry.dispatch('bob', '/players', reply), 'ran');
  assert.equal(registry.dispatch('bob', '/nope', reply), 'unknown');
  assert.equal(registry.dispatch('bob', 'just chatting', reply), 'not-a-command');
  assert.deepEqual(calls, ['boss kicks bob', 'players']);
});

it('refuses a taken or malformed command name, naming both apps', () => {
  const registry = new CommandRegistry(() => false);
  registry.register('admin', 'skip', () => undefined);
  assert.throws(() => registry.register('records', 'skip', () => undefined), {
    code: 'PW_ERR_COMMAND_TAKEN',
    message: "App 'records' cannot register chat command '/skip': app 'admin' already has it. Fix: choose another command name.",
  });
  assert.throws(() => registry.register('records', 'Bad Name', () => undefined), { code: 'PW_ERR_COMMAND_NAME' });
});

it('frees the name when the registration is disposed', async () => {
  const registry = new CommandRegistry(() => false);
  const registration = registry.register('admin', 'skip', () => undefined);
  await registration.dispose();
  assert.deepEqual(registry.list(), []);
  registry.register('records', 'skip', () => undefined);
});

describe('declared commands', () => {
  const levels: Record<string, AccessLevel> = { olga: 'operator', adam: 'admin', max: 'master' };
  const check = (login: string, level: AccessLevel) => reaches(levels[login] ?? 'player', level);
  const anna: PlayerInfo = { login: 'anna', nickName: 'Anna', playerId: 1, teamId: -1, isSpectator: false, ladderRanking: 0 };

  function setup() {
    const registry = new CommandRegistry(check);
    registry.usePlayers(new Map([['anna', anna]]));
    const ran: unknown[] = [];
    const replies: string[] = [];
    const reply = async (message: string) => void replies.push(message);
    registry.register('admin', { name: 'kick', level: 'operator', aliases: ['k'], params: [{ name: 'who', type: 'player' }, { name: 'why', type: 'rest', optional: true }] }, (call) => {
      ran.push([call.name, call.params.who.login, call.params.why, call.usage]);
    });
    registry.register('maps', {
      name: 'map',
      level: 'operator',
      description: 'map tools',
      subcommands: {
        skip: subcommand({ description: 'next map' }, (call) => void ran.push([call.name])),
        remove: subcommand({ level: 'admin', aliases: ['rm'], params: { index: { type: 'integer', min: 1 } } }, (call) => void ran.push([call.name, call.params.index])),
      },
    });
    return { registry, ran, replies, reply };
  }

  it('hands the handler typed values, by name or alias, with / or //', () => {
    const { registry, ran, reply } = setup();
    assert.deepEqual(registry.dispatchLine('olga', '//kick anna  too  fast', reply), { result: 'ran' });
    assert.deepEqual(registry.dispatchLine('olga', '/k ann', reply), { result: 'ran' });
    assert.deepEqual(registry.dispatchLine('adam', '//map rm 3', reply), { result: 'ran' });
    assert.deepEqual(registry.dispatchLine('olga', '//MAP Skip', reply), { result: 'ran' });
    assert.deepEqual(ran, [
      ['kick', 'anna', 'too  fast', '//kick <who> [why...]'],
      ['kick', 'anna', undefined, '//kick <who> [why...]'],
      ['map remove', 3],
      ['map skip'],
    ]);
  });

  it('answers bad input, unknown sub-commands and missing levels in one line, and runs nothing', () => {
    const { registry, ran, reply } = setup();
    const answers = [
      ['olga', '//kick'],
      ['olga', '//kick bob'],
      ['olga', '//map'],
      ['olga', '//map jump'],
      ['olga', '//map remove 2'],
      ['adam', '//map remove'],
      ['adam', '//map remove two'],
      ['adam', '//map skip now'],
      ['anna', '//kick anna'],
      ['anna', '/map skip'],
    ].map(([login, line]) => registry.dispatchLine(login!, line!, reply));
    assert.deepEqual(answers, [
      { result: 'invalid', answer: "Missing <who>: expected a connected player's login or a part of their name. Usage: //kick <who> [why...]" },
      { result: 'invalid', answer: "Wrong <who>: no connected player has the login 'bob' or a name containing it. Usage: //kick <who> [why...]" },
      // olga is an operator: the usage shows her only the sub-commands she may run (remove needs admin).
      { result: 'invalid', answer: 'Missing <sub-command>: expected skip. Usage: //map <skip>' },
      { result: 'invalid', answer: "Unknown sub-command 'jump' of //map: expected skip. Usage: //map <skip>" },
      { result: 'denied', answer: 'You are not allowed to use //map remove.' },
      { result: 'invalid', answer: 'Missing <index>: expected a whole number of at least 1. Usage: //map remove <index>' },
      { result: 'invalid', answer: "Wrong <index>: expected a whole number of at least 1, got 'two'. Usage: //map remove <index>" },
      { result: 'invalid', answer: "Too many arguments: 'now' is not expected. Usage: //map skip" },
      { result: 'denied', answer: 'You are not allowed to use //kick.' },
      { result: 'denied', answer: 'You are not allowed to use //map.' },
    ]);
    assert.deepEqual(ran, []);
  });

  it('/help lists what a player may use, and shows one command\'s usage', () => {
    const { registry } = setup();
    registry.register('core', 'ping', () => undefined, { description: 'answers pong' });
    assert.equal(registry.help('anna'), 'Commands: /ping - answers pong. Type /help <command> for its usage.');
    assert.deepEqual(registry.allowedFor('olga').map((command) => command.name), ['kick', 'map', 'ping']);
    assert.equal(registry.help('olga'), 'Commands: //kick | //map - map tools | /ping - answers pong. Type /help <command> for its usage.');
    assert.equal(registry.help('olga', '//k'), "Usage: //kick <who> [why...] - <who> a connected player's login or a part of their name; <why> some text - also //k");
    assert.equal(registry.help('olga', 'map'), 'Usage: //map skip (next map) - map tools');
    assert.equal(registry.help('adam', 'map'), 'Usage: //map skip (next map) | //map remove <index> - map tools');
    assert.equal(registry.help('anna', 'ping'), 'Usage: /ping - answers pong');
    assert.equal(registry.help('anna', 'kick'), 'Unknown command /kick. Type /help for the list.');
    assert.equal(registry.help('anna', '$l[x]y'), 'Unknown command. Type /help for the list.');
  });

  it('refuses declarations it could not parse, naming the app, the command and the problem', () => {
    const registry = new CommandRegistry(check);
    const spec = (problem: string, name = 'bad') => ({
      code: 'PW_ERR_COMMAND_SPEC',
      message: `App 'x' cannot register chat command '/${name}': ${problem}. Fix: correct the command's declaration (see "Typed commands" in docs/apps.md).`,
    });
    assert.throws(() => registry.register('x', { name: 'bad' }), spec('it has neither a handler nor sub-commands'));
    // The compiler refuses these too; the checks at registration are for JavaScript apps.
    // @ts-expect-error a rest parameter before another
    assert.throws(() => registry.register('x', { name: 'bad', params: { a: { type: 'rest' }, b: { type: 'string' } } }, () => undefined), spec("parameter 'a' takes the rest of the line, so it must be the last one"));
    assert.throws(
      () => registry.register('x', { name: 'bad', level: 'admin', subcommands: { low: subcommand({ level: 'operator' }, () => undefined) } }),
      spec("sub-command 'low' needs level 'operator', below the command's own 'admin'"),
    );
    assert.throws(() => registry.register('x', { name: 'bad', subcommands: {} }), spec('its sub-commands list is empty'));
    assert.throws(() => registry.register('x', { name: 'bad', params: { a: { type: 'string' } }, subcommands: { s: subcommand({}, () => undefined) } }), spec('it has parameters of its own but no handler to run with them'));
    registry.register('x', { name: 'fine', aliases: ['f'] }, () => undefined);
    assert.throws(() => registry.register('y', { name: 'other', aliases: ['f'] }, () => undefined), {
      code: 'PW_ERR_COMMAND_TAKEN',
      message: "App 'y' cannot register chat command '/f': app 'x' already has it. Fix: choose another command name.",
    });
  });

  it('runs a command with its own parameters beside sub-commands: /laps [player] and //laps reset <login>', () => {
    const registry = new CommandRegistry(check);
    registry.usePlayers(new Map([['anna', anna]]));
    const ran: unknown[] = [];
    const replies: string[] = [];
    const reply = async (message: string) => void replies.push(message);
    registry.register(
      'laps',
      {
        name: 'laps',
        description: 'lap counts',
        params: { player: { type: 'player', optional: true, description: 'whose laps (default: yours)' } },
        subcommands: {
          reset: subcommand({ level: 'admin', description: "clears a player's laps", params: { login: { type: 'string' } } }, (call) => void ran.push([call.name, call.params.login, call.usage])),
          top: subcommand({ description: 'the most laps' }, (call) => void ran.push([call.name, call.usage])),
        },
      },
      (call) => void ran.push([call.name, call.params.player?.login, call.usage]),
    );
    const lines = [
      ['anna', '/laps'],
      ['anna', '/laps ann'],
      ['anna', '/laps top'],
      ['adam', '//laps reset bob'],
      ['adam', '/laps anna'],
    ].map(([login, line]) => registry.dispatchLine(login!, line!, reply));
    assert.deepEqual(lines, [{ result: 'ran' }, { result: 'ran' }, { result: 'ran' }, { result: 'ran' }, { result: 'ran' }]);
    assert.deepEqual(ran, [
      ['laps', undefined, '/laps [player] | /laps <top>'],
      ['laps', 'anna', '/laps [player] | /laps <top>'],
      ['laps top', '/laps top'],
      ['laps reset', 'bob', '//laps reset <login>'],
      ['laps', 'anna', '/laps [player] | /laps <reset|top>'],
    ]);
    // A player sees only the sub-commands their level may run, in answers and in /help.
    assert.deepEqual(registry.dispatchLine('anna', '/laps reset bob', reply), { result: 'denied', answer: 'You are not allowed to use //laps reset.' });
    assert.deepEqual(registry.dispatchLine('anna', '/laps nobody', reply), {
      result: 'invalid',
      answer: "Wrong <player>: no connected player has the login 'nobody' or a name containing it. Usage: /laps [player] | /laps <top>",
    });
    assert.deepEqual(registry.dispatchLine('adam', '//laps reset', reply), { result: 'invalid', answer: 'Missing <login>: expected a word. Usage: //laps reset <login>' });
    assert.equal(registry.help('anna', 'laps'), 'Usage: /laps [player] | /laps top (the most laps) - lap counts - <player> whose laps (default: yours)');
    assert.equal(
      registry.help('adam', 'laps'),
      "Usage: /laps [player] | //laps reset <login> (clears a player's laps) | /laps top (the most laps) - lap counts - <player> whose laps (default: yours)",
    );
    assert.equal(registry.find('laps')!.usage, '/laps [player] | /laps <reset|top>');
  });

  it('shows a player neither a command nor sub-commands they may not run', () => {
    const registry = new CommandRegistry(check);
    registry.register('x', { name: 'tools', subcommands: { wipe: subcommand({ level: 'admin' }, () => undefined), purge: subcommand({ level: 'admin' }, () => undefined) } });
    assert.deepEqual(registry.allowedFor('anna'), []);
    assert.equal(registry.help('anna', 'tools'), 'Unknown command /tools. Type /help for the list.');
    assert.deepEqual(registry.dispatchLine('anna', '/tools', reply), { result: 'denied', answer: 'You are not allowed to use /tools.' });
    assert.deepEqual(registry.dispatchLine('adam', '/tools', reply), { result: 'invalid', answer: 'Missing <sub-command>: expected wipe or purge. Usage: /tools <wipe|purge>' });
    assert.equal(registry.help('adam', 'tools'), 'Usage: //tools wipe | //tools purge');
  });

  it('frees aliases with the command, and runs a declared command through its public handler with checks', async () => {
    const { registry, ran, replies, reply } = setup();
    await registry.list().find((command) => command.name === 'kick')!.handler({ login: 'olga', name: 'kick', args: [], text: 'nobody', reply });
    assert.deepEqual(replies, ["Wrong <who>: no connected player has the login 'nobody' or a name containing it. Usage: //kick <who> [why...]"]);
    assert.equal(ran.length, 0);
    const registration = registry.register('x', { name: 'ping', aliases: ['p'] }, () => undefined);
    await registration.dispose();
    registry.register('y', { name: 'p' }, () => undefined);
    // The plain form takes a level and aliases too.
    registry.register('x', 'warn', (call) => void ran.push(['warn', call.args]), { level: 'operator', aliases: ['w'] });
    assert.deepEqual(registry.dispatchLine('anna', '/w anna', reply), { result: 'denied', answer: 'You are not allowed to use //warn.' });
    assert.deepEqual(registry.dispatchLine('olga', '/w anna now', reply), { result: 'ran' });
    assert.deepEqual(ran, [['warn', ['anna', 'now']]]);
  });

  it('exposes the one check as plain functions (for UI actions): player always, higher levels by the check', () => {
    const { allows, isAdmin } = new CommandRegistry(check);
    assert.equal(allows('anna', 'player'), true);
    assert.equal(allows('anna', 'operator'), false);
    assert.equal(allows('olga', 'operator'), true);
    assert.equal(isAdmin('olga'), false);
    assert.equal(isAdmin('adam'), true);
    assert.equal(isAdmin('max'), true);
  });
});
