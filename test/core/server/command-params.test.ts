import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { echo, findPlayer, paramSpecsProblem, paramsUsage, parseParams, parseTime, splitWords, type ParamSpecs } from '../../../core/server/command-params.js';
import type { PlayerInfo } from '../../../core/server/event-map.js';

function player(login: string, nickName: string): PlayerInfo {
  return { login, nickName, playerId: 1, teamId: -1, isSpectator: false, ladderRanking: 0 };
}

const players = new Map([
  ['anna', player('anna', '$f00Anna')],
  ['andy', player('andy', 'Andy')],
  ['Boss', player('Boss', 'The $oBoss')],
]);

const parse = (specs: ParamSpecs, text: string) => parseParams(specs, splitWords(text), players);

describe('command parameters', () => {
  it('reads each type into its value', () => {
    const specs: ParamSpecs = {
      word: { type: 'string' },
      count: { type: 'integer' },
      ratio: { type: 'number' },
      on: { type: 'boolean' },
      time: { type: 'time' },
      who: { type: 'player' },
      mode: { type: 'enum', values: ['rounds', 'cup'] },
      rest: { type: 'rest' },
    };
    assert.deepEqual(parse(specs, 'hello -3 2.5 off 1:23.456 ann CUP  all   the rest '), {
      ok: true,
      values: { word: 'hello', count: -3, ratio: 2.5, on: false, time: 83_456, who: players.get('anna'), mode: 'cup', rest: 'all   the rest' },
    });
  });

  it('fills optional parameters with their default, or leaves them undefined', () => {
    const specs: ParamSpecs = { count: { type: 'integer', default: 5 }, who: { type: 'player', optional: true }, why: { type: 'rest', optional: true } };
    assert.deepEqual(parse(specs, ''), { ok: true, values: { count: 5, who: undefined, why: undefined } });
    assert.deepEqual(parse(specs, '7 Boss'), { ok: true, values: { count: 7, who: players.get('Boss'), why: undefined } });
  });

  it('names the parameter and the expected form for missing, malformed and extra words', () => {
    const specs: ParamSpecs = { count: { type: 'integer', min: 1, max: 50 }, on: { type: 'boolean', optional: true } };
    assert.deepEqual(parse(specs, ''), { ok: false, problem: 'Missing <count>: expected a whole number from 1 to 50.' });
    assert.deepEqual(parse(specs, 'abc'), { ok: false, problem: "Wrong <count>: expected a whole number from 1 to 50, got 'abc'." });
    assert.deepEqual(parse(specs, '1.5'), { ok: false, problem: "Wrong <count>: expected a whole number from 1 to 50, got '1.5'." });
    assert.deepEqual(parse(specs, '51'), { ok: false, problem: "Wrong <count>: expected a whole number from 1 to 50, got '51'." });
    assert.deepEqual(parse(specs, '3 maybe'), { ok: false, problem: "Wrong <on>: expected yes or no (also on/off, true/false), got 'maybe'." });
    assert.deepEqual(parse(specs, '3 yes please'), { ok: false, problem: "Too many arguments: 'please' is not expected." });
    assert.deepEqual(parse({ t: { type: 'time' } }, '1:60'), { ok: false, problem: "Wrong <t>: expected a time like 1:23.456, got '1:60'." });
    assert.deepEqual(parse({ m: { type: 'enum', values: ['a', 'b', 'c'] } }, 'd'), { ok: false, problem: "Wrong <m>: expected one of a, b or c, got 'd'." });
    assert.deepEqual(parse({ x: { type: 'number', min: 0 } }, '-1'), { ok: false, problem: "Wrong <x>: expected a number of at least 0, got '-1'." });
  });

  it('reads times with and without minutes and hours', () => {
    assert.equal(parseTime('1:23.456'), 83_456);
    assert.equal(parseTime('83.4'), 83_400);
    assert.equal(parseTime('59'), 59_000);
    assert.equal(parseTime('1:02:03.05'), 3_723_050);
    for (const wrong of ['', '1:2:3:4', '1.2345', 'a', '-1', '1:75', '1:60:00', '1:']) assert.equal(parseTime(wrong), undefined, wrong);
  });

  it('finds a player by exact login first, then by a unique part of the name without formatting or case', () => {
    assert.deepEqual(findPlayer('andy', players), { ok: true, value: players.get('andy') });
    assert.deepEqual(findPlayer('boss', players), { ok: true, value: players.get('Boss') });
    assert.deepEqual(findPlayer('NNA', players), { ok: true, value: players.get('anna') });
    // 'f00' is in Anna's nickname only as a colour code, which is not part of the name a player reads.
    assert.deepEqual(findPlayer('f00', players), { ok: false, problem: "no connected player has the login 'f00' or a name containing it." });
    assert.deepEqual(findPlayer('an', players), {
      ok: false,
      problem: "'an' matches 2 players: Anna (anna), Andy (andy); type more of the name, or the exact login.",
    });
  });

  it('never echoes formatting codes, links or long input', () => {
    assert.equal(echo('$l[http://x]click$z$$'), 'click$$');
    assert.equal(echo('x'.repeat(100)), `${'x'.repeat(31)}…`);
  });

  it('writes the usage of a parameter list', () => {
    assert.equal(paramsUsage({ who: { type: 'player' }, mode: { type: 'enum', values: ['a', 'b'], optional: true }, why: { type: 'rest', default: '' } }), '<who> [a|b] [why...]');
  });

  it('refuses declarations that cannot be typed unambiguously', () => {
    assert.equal(paramSpecsProblem({ why: { type: 'rest' }, who: { type: 'player' } }), "parameter 'why' takes the rest of the line, so it must be the last one");
    assert.equal(paramSpecsProblem({ a: { type: 'string', optional: true }, b: { type: 'string' } }), "parameter 'b' is required but comes after the optional 'a'; put optional parameters last");
    assert.equal(paramSpecsProblem({ Bad: { type: 'string' } }), "parameter 'Bad' needs a name of 1-32 lower-case letters, digits, - or _, starting with a letter");
    assert.equal(paramSpecsProblem({ m: { type: 'enum', values: [] } }), "parameter 'm' needs a list of values, each one word");
    assert.equal(paramSpecsProblem({ a: { type: 'string' }, b: { type: 'rest', optional: true } }), undefined);
  });
});
