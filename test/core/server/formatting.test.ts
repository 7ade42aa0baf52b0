import assert from 'node:assert/strict';
import { it } from 'node:test';
import { nameForChat, stripFormatting, stripLinks } from '../../../core/index.js';

it('strips every formatting code, keeping a literal $ for $$', () => {
  assert.equal(stripFormatting('$l[http://x]$o$F00Bob$z$$'), 'Bob$');
  assert.equal(stripFormatting('$wWide$gName'), 'WideName');
  assert.equal(stripFormatting('$h[plugin:id]Click$h me$<$f8Short$>$fffWhite'), 'Click meShortWhite');
  assert.equal(stripFormatting('$lhttp://plain.link$l and $p[x]$ntext$p'), 'http://plain.link and text');
  assert.equal(stripFormatting('$$$$o'), '$$o');
  assert.equal(stripFormatting('trailing $'), 'trailing ');
  assert.equal(stripFormatting('no codes'), 'no codes');
});

it('drops only links, keeping colours, styles and $$', () => {
  assert.equal(stripLinks('$l[http://x]$o$F00Bob$z$$'), '$o$F00Bob$z$$');
  assert.equal(stripLinks('$H[manialink]Name$h$i!'), 'Name$i!');
  assert.equal(stripLinks('$$l is money'), '$$l is money');
  assert.equal(stripLinks('open $l[http://never-closed'), 'open ');
  assert.equal(stripLinks('ends with $'), 'ends with ');
});

it('makes a name safe to paste into chat: no links, formatting reset after it', () => {
  assert.equal(nameForChat('$l[http://x]$o$F00Bob$z$$'), '$o$F00Bob$z$$$z');
  assert.equal(nameForChat('$wWide$gName'), '$wWide$gName$z');
  assert.equal(nameForChat('Bob$'), 'Bob');
  assert.equal(nameForChat('Plain'), 'Plain');
});
