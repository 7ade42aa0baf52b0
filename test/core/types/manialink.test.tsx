/**
 * ManiaLink TSX that the compiler refuses. Each `@ts-expect-error` line must stay an error: if the check in
 * core/ui/elements.ts (Size, Position, Color) or core/ids.ts (PageId) is loosened, the directive is unused and
 * `npm run build` fails. The error texts are in the comments; the valid forms render as the game reads them.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defineApp, showListWindow, type AppContext, type Color } from 'pitwall';
import { renderPage } from '../../../core/ui/page.js';

it('a size or position is two numbers: [1, 2, 3] says "expected [width, height]" or "expected [x, y]"', () => {
  // @ts-expect-error Type 'number' is not assignable to type '"expected [width, height]"'.
  const threeWide = () => <quad size={[1, 2, 3]} />;
  // @ts-expect-error Type 'number' is not assignable to type '"expected [x, y]"'.
  const threeAt = () => <quad pos={[1, 2, 3]} />;
  // @ts-expect-error one number is not a size
  const oneWide = () => <quad size={[1]} />;
  // @ts-expect-error a size is numbers
  const words = () => <quad size="wide tall" />;
  assert.equal(renderPage('p', <quad pos={[-1.5, 2]} size="10 5" />).xml, '<manialink id="p" version="3"><quad pos="-1.5 2" size="10 5"/></manialink>');
  // Built, the wrong ones are refused at render time too.
  assert.throws(threeWide, { code: 'PW_ERR_UI_ATTRIBUTE', message: "Attribute 'size' on <quad> is not accepted: a value is a string, a number, a boolean or [x, y]. Fix: change the markup." });
  assert.ok([threeAt, oneWide, words]);
});

it('a colour is hex digits: bgcolor="red" fails with "not assignable to type \'Color\'", F00A and FF0000 pass', () => {
  // @ts-expect-error Type '"red"' is not assignable to type 'Color | undefined'.
  const named = () => <quad bgcolor="red" />;
  // @ts-expect-error no # in ManiaLink colours
  const hashed = () => <label textcolor="#fff" />;
  // @ts-expect-error nor CSS functions
  const css = () => <quad modulatecolor="rgb(255, 0, 0)" />;
  const colours: Color[] = ['fff', 'F00A', 'FF0000', '3c3c3cff', '000a'];
  assert.equal(
    renderPage('p', <frame>{colours.map((colour) => <quad bgcolor={colour} />)}</frame>).xml,
    '<manialink id="p" version="3"><frame><quad bgcolor="fff"/><quad bgcolor="F00A"/><quad bgcolor="FF0000"/><quad bgcolor="3c3c3cff"/><quad bgcolor="000a"/></frame></manialink>',
  );
  assert.ok([named, hashed, css]);
});

it("a page id literal follows core/ids.ts: 'Bad Id!' fails to compile, naming the rule", () => {
  defineApp({
    id: 'pages',
    version: '1.0.0',
    async init(ctx: AppContext) {
      await ctx.ui.show('scores', <label text="ok" />);
      await ctx.ui.show('top-10_list', <label text="ok" />);
      // @ts-expect-error Argument of type '"Bad Id!"' is not assignable to parameter of type '"a page id is 1-64 lower-case letters, digits, - or _, starting with a letter"'.
      await ctx.ui.show('Bad Id!', <label text="x" />);
      // @ts-expect-error it must start with a letter
      await ctx.ui.hide('1st');
      // @ts-expect-error at most 64 characters
      await ctx.ui.hide('a234567890123456789012345678901234567890123456789012345678901234x');
      await ctx.ui.hide('a234567890123456789012345678901234567890123456789012345678901234');
      // @ts-expect-error list windows take the same ids
      await showListWindow(ctx.ui, 'anna', { id: 'My List', title: 'x', columns: [], rows: [] });
      // A computed id is checked when the page is shown (PW_ERR_UI_ID).
      const computed: string = `page-${ctx.id}`;
      await ctx.ui.show(computed, <label text="ok" />);
    },
  });
});
