import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChat, decodeEntries, decodePageAnswer, decodePlayer, decodePlayerList, decodeScriptEvent, isServerEntry, isSpectatorStatus } from '../../../core/server/decode.js';

// maniaplanet/dedicated-server-api, src/Maniaplanet/DedicatedServer/Structures/PlayerInfo.php (fromArray):
// SpectatorStatus and Flags pack decimal digits, each read as a boolean (spectator = SpectatorStatus % 10,
// temporary = / 10 % 10, pure = / 100 % 10, auto target = / 1000 % 10, target id = / 10000; isServer =
// Flags / 100000 % 10). A digit other than 0 sets the flag.
describe('server structs: one reading for the controller and `pitwall status`', () => {
  it('is a spectator when the units digit of SpectatorStatus is set, whatever the other digits say', () => {
    assert.equal(isSpectatorStatus(0), false);
    assert.equal(isSpectatorStatus(1), true);
    // Spectating player 255 with auto target, temporary spectator: 2_551_011.
    assert.equal(isSpectatorStatus(2_551_011), true);
    // Only the other digits set (temporary, pure, auto target, a target id): not the spectator flag.
    assert.equal(isSpectatorStatus(2_551_110), false);
    // The PHP reading is a cast to bool: any non-zero digit counts, not only 1.
    assert.equal(isSpectatorStatus(2), true);
    assert.equal(isSpectatorStatus(undefined), false);
  });

  it('is a server entry by login, or when the hundred-thousands digit of Flags is set', () => {
    assert.equal(isServerEntry({ Login: 'pitwall-sandbox', Flags: 0 }, 'pitwall-sandbox'), true);
    assert.equal(isServerEntry({ Login: 'relay', Flags: 100_000 }, 'pitwall-sandbox'), true);
    // Joined, with a player slot, and a server.
    assert.equal(isServerEntry({ Login: 'relay', Flags: 101_100_000 }, 'pitwall-sandbox'), true);
    // Joined, with a player slot: a player.
    assert.equal(isServerEntry({ Login: 'anna', Flags: 101_000_000 }, 'pitwall-sandbox'), false);
    assert.equal(isServerEntry({ Login: 'anna', Flags: 10 }, 'pitwall-sandbox'), false);
  });

  it('decodes a Forever player struct, and a player list without the servers in it', () => {
    const anna = { Login: 'anna', NickName: '$f00Anna', PlayerId: 3, TeamId: 1, SpectatorStatus: 0, LadderRanking: 12, Flags: 0 };
    const watcher = { Login: 'watcher', NickName: 'W', PlayerId: 4, TeamId: -1, SpectatorStatus: 2_551_011, LadderRanking: 0, Flags: 0 };
    assert.deepEqual(decodePlayer(anna), { login: 'anna', nickName: '$f00Anna', playerId: 3, teamId: 1, isSpectator: false, ladderRanking: 12 });
    const list = decodePlayerList([{ Login: 'srv', Flags: 101_000_000 }, anna, watcher, { Login: 'relay', Flags: 100_000 }], 'srv');
    assert.deepEqual(list.map((player) => [player.login, player.isSpectator]), [['anna', false], ['watcher', true]]);
    assert.deepEqual(decodePlayerList('nothing', 'srv'), []);
  });
});

describe('callback parameters that do not have the documented shape are refused', () => {
  it('PlayerChat: a login or a text that is not a string', () => {
    assert.deepEqual(decodeChat([3, 'anna', '/hello', false, 3]), { ok: true, value: { playerUid: 3, login: 'anna', text: '/hello', channel: 'team' } });
    assert.deepEqual(decodeChat([3, ['boss'], '//skip', false]), { ok: false, problem: 'its login is an array, not a string' });
    assert.deepEqual(decodeChat([3, 7, 'hi', false]), { ok: false, problem: 'its login is a number, not a string' });
    assert.deepEqual(decodeChat([3, 'anna', { text: 'x' }, false]), { ok: false, problem: 'its text is a struct, not a string' });
  });

  it('PlayerManialinkPageAnswer: login and answer strings, entries kept only as name/value pairs', () => {
    assert.deepEqual(decodePageAnswer([3, 'anna', 'pitwall.demo.go.0', [{ Name: 'comment', Value: 'hi' }, { Name: 1, Value: 'x' }, 'junk']]), {
      ok: true,
      value: { login: 'anna', answer: 'pitwall.demo.go.0', entries: { comment: 'hi' } },
    });
    assert.deepEqual(decodePageAnswer([3, null, 'x', []]), { ok: false, problem: 'its login is null, not a string' });
    assert.deepEqual(decodePageAnswer([3, 'anna', 12, []]), { ok: false, problem: 'its answer is a number, not a string' });
    const entries = decodeEntries([{ Name: '__proto__', Value: 'x' }]);
    assert.equal(Object.getPrototypeOf(entries), Object.prototype);
    assert.deepEqual(Object.keys(entries), ['__proto__']);
  });

  it('ModeScriptCallbackArray: only a JSON object is data', () => {
    assert.deepEqual(decodeScriptEvent(['Trackmania.Event.WayPoint', ['{"login":"anna"}']]), { ok: true, value: { name: 'Trackmania.Event.WayPoint', data: { login: 'anna' } } });
    const problems = [['[1,2]'], ['"text"'], ['12'], ['true'], ['null'], ['{oops'], [], 'not a list', undefined].map((data) => {
      const decoded = decodeScriptEvent(['X', data as never]);
      return decoded.ok ? 'accepted' : decoded.problem;
    });
    assert.deepEqual(problems, [
      'its data is an array, not a JSON object',
      'its data is a string, not a JSON object',
      'its data is a number, not a JSON object',
      'its data is a boolean, not a JSON object',
      'its data is null, not a JSON object',
      'its data is not valid JSON',
      'its data is missing, not a JSON text',
      // A bare string (not in a list) is read as the JSON text itself.
      'its data is not valid JSON',
      'its data is missing, not a JSON text',
    ]);
    assert.deepEqual(decodeScriptEvent([5, ['{}']]), { ok: false, problem: 'its name is a number, not a string' });
  });
});
