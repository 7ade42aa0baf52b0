import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldCase, NameMasker } from '../../../core/reporting/name-mask.js';

const masker = new NameMasker([
  { text: 'wide', marker: '<player>' },
  { text: '$i$0f0Wide', marker: '<player>' },
  { text: 'anna-login', marker: '<player>' },
  { text: '$f00Anna $oNick', marker: '<player>' },
  { text: '$l[https://u.example/p]Link$lNick', marker: '<player>' },
  { text: 'Pitwall Sandbox', marker: '<server>' },
]);

describe('masking names in free text', () => {
  it('masks a name as sent, without its formatting codes, in any case and inside longer tokens', () => {
    const cases: [string, string][] = [
      ['anna-login finished', '<player> finished'],
      ['ANNA-LOGIN finished', '<player> finished'],
      ['cannot read player_anna-login.json', 'cannot read player_<player>.json'],
      ['xanna-loginy', 'x<player>y'],
      ['welcome $f00Anna $oNick!', 'welcome <player>!'],
      ['welcome Anna Nick and anna nick', 'welcome <player> and <player>'],
      ['LINKNICK and linknick joined', '<player> and <player> joined'],
      ['pitwall sandbox is full', '<server> is full'],
    ];
    for (const [input, expected] of cases) assert.equal(masker.mask(input), expected, input);
  });

  it('masks a name that is an ordinary word where it is used as a name', () => {
    const cases: [string, string][] = [
      ['cannot write player_wide.json', 'cannot write player_<player>.json'],
      ['wide_best is stale', '<player>_best is stale'],
      ['WIDE_best', '<player>_best'],
      ['wide.json', '<player>.json'],
      ['login:wide', 'login:<player>'],
      ['login=wide refused', 'login=<player> refused'],
      ['mail wide@example.org', 'mail <player>@example.org'],
      ["no record for 'wide'", "no record for '<player>'"],
      ['kicked (Wide)', 'kicked (<player>)'],
      ['player wide was kicked', 'player <player> was kicked'],
      ['nickname: Wide', 'nickname: <player>'],
    ];
    for (const [input, expected] of cases) assert.equal(masker.mask(input), expected, input);
  });

  it('keeps a name that is an ordinary word where it reads as a word', () => {
    for (const text of ['wide text', 'a Wide margin', 'too wide.', 'wide - text', 'widespread', 'worldwide', '"wide text"', 'wide: the text']) {
      assert.equal(masker.mask(text), text, text);
    }
  });

  it('masks an ordinary word anywhere when it names the player whose event was being handled', () => {
    assert.equal(masker.mask('lap of wide is impossible', new Set([foldCase('wide')])), 'lap of <player> is impossible');
    assert.equal(masker.mask('lap of wide is impossible'), 'lap of wide is impossible');
  });

  it('leaves the markers it writes alone, and the longest name wins', () => {
    const both = new NameMasker([
      { text: 'anna', marker: '<player>' },
      { text: 'anna-login', marker: '<player>' },
      { text: 'player', marker: '<player>' },
    ]);
    assert.equal(both.mask('anna-login and <player> and <ip>'), '<player> and <player> and <ip>');
  });
});
