import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { h, type Color, type UiClick } from 'pitwall';
import { Fragment } from 'pitwall/jsx-runtime';
import { renderPage, emptyPage } from '../../../core/ui/page.js';
import { ListWindow } from '../../../core/ui/list-window.js';
import { template } from '../../../core/ui/template.js';
import { stripLinks } from '../../../core/server/formatting.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, processEntities: true, trimValues: false, htmlEntities: true });
const NASTY = 'a<b>&c"d\'e $l[http://evil.example]free$l $h[x]help$h \u0001\u0007\uFFFE \uD800 end';

/** The label text the game would read back from a page. */
function labelText(xml: string): string {
  const parsed = parser.parse(xml) as { manialink: { label: { text: string } } };
  return parsed.manialink.label.text;
}

describe('ManiaLink markup', () => {
  it('escapes text by construction: quotes, angle brackets, ampersands, links and invalid characters', () => {
    const page = renderPage('pitwall.test.page', <label text={NASTY} />);
    assert.equal(XMLValidator.validate(page.xml), true);
    assert.equal(labelText(page.xml), 'a<b>&c"d\'e free help   end');
    assert.doesNotMatch(page.xml, /\$l|\$h|evil\.example/);
  });

  it('keeps colours and styles of a nickname but never its links', () => {
    const xml = renderPage('p', <label text="$f00Red$z $L[www.x.com]site$L $$5" />).xml;
    assert.equal(labelText(xml), '$f00Red$z site $$5');
  });

  it('gives the same XML from TSX and from the plain function form', () => {
    const tsx = (
      <frame pos={[1, -2]} hidden={false}>
        <quad size="10 5" bgcolor="000a" keepratio="Fit" />
        <label text="hi" textsize={2} autonewline />
      </frame>
    );
    const plain = h('frame', { pos: [1, -2], hidden: false }, h('quad', { size: '10 5', bgcolor: '000a', keepratio: 'Fit' }), h('label', { text: 'hi', textsize: 2, autonewline: true }));
    assert.equal(tsx.xml, '<frame pos="1 -2" hidden="0"><quad size="10 5" bgcolor="000a" keepratio="Fit"/><label text="hi" textsize="2" autonewline="1"/></frame>');
    assert.equal(plain.xml, tsx.xml);
  });

  it('renders fragments, lists and nothing for null, undefined and booleans', () => {
    const items = ['a', 'b'];
    const markup = (
      <Fragment>
        {items.map((item) => <label text={item} />)}
        {false}
        {null}
        {undefined}
      </Fragment>
    );
    assert.equal(markup.xml, '<label text="a"/><label text="b"/>');
  });

  it('names actions in document order, the same on every render, and keeps their handlers', () => {
    const clicks: string[] = [];
    const view = (): ReturnType<typeof h> => (
      <frame>
        <quad onAction={() => clicks.push('first')} />
        <label text="x" onAction={{ handler: () => clicks.push('second'), admin: true }} />
      </frame>
    );
    const one = renderPage('pitwall.demo.menu', view());
    const two = renderPage('pitwall.demo.menu', view());
    assert.equal(one.xml, '<manialink id="pitwall.demo.menu" version="3"><frame><quad action="pitwall.demo.menu.0"/><label text="x" action="pitwall.demo.menu.1"/></frame></manialink>');
    assert.equal(two.xml, one.xml);
    assert.equal(one.handlers.length, 2);
    (one.handlers[0] as (click: UiClick) => unknown)({ login: 'a', entries: {} });
    assert.deepEqual(clicks, ['first']);
    assert.equal(emptyPage('pitwall.demo.menu'), '<manialink id="pitwall.demo.menu" version="3"></manialink>');
  });

  it('refuses a raw action string: only the host names actions', () => {
    assert.throws(() => h('quad', { action: 'pitwall.other.page.0' } as never), {
      code: 'PW_ERR_UI_ATTRIBUTE',
      message: "Attribute 'action' on <quad> is not accepted: actions are declared with onAction={handler}, which the host names and routes to your app. Fix: change the markup.",
    });
  });

  it('refuses unknown elements and attribute names that could break out of the tag', () => {
    assert.throws(() => h('script' as 'frame', {}), {
      code: 'PW_ERR_UI_ELEMENT',
      message: '<script> is not a ManiaLink element Pitwall renders (frame, quad, label, entry, textedit, fileentry, gauge, graph, audio, video). Fix: use one of these, or a component function.',
    });
    assert.throws(() => h('label', { 'x="1"><script': 'y' } as never), {
      code: 'PW_ERR_UI_ATTRIBUTE',
      message: `Attribute 'x="1"><script' on <label> is not accepted: an attribute name is letters, digits and -. Fix: change the markup.`,
    });
  });

  it('any text, in any attribute or as a child, gives well-formed XML that reads back as the text without its links', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 20 }), (text, other) => {
        const xml = renderPage('p', h('label', { text, textfont: other })).xml;
        assert.equal(XMLValidator.validate(xml), true, xml);
        const expected = stripLinks(text).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
        assert.equal(labelText(xml), expected);
      }),
      { numRuns: 500 },
    );
  });

  it('renders the list window as well-formed XML with its paging and close buttons', () => {
    const xml = renderPage(
      'pitwall.records.list',
      <ListWindow title="<Records>" columns={[{ header: 'Name', width: 40 }]} rows={[['$l[x]Anna'], [12]]} page={1} pages={3} onPage={() => () => undefined} onClose={() => undefined} />,
    ).xml;
    assert.equal(XMLValidator.validate(xml), true);
    assert.match(xml, /id="list-previous" [^>]*action="pitwall\.records\.list\.1"/);
    assert.match(xml, /id="list-next" [^>]*action="pitwall\.records\.list\.2"/);
    assert.match(xml, /text="Page 2 \/ 3"/);
    assert.match(xml, /text="&lt;Records&gt;"/);
  });

  it('a template fills its holes exactly as a full render would, escaping each kind of value', () => {
    // Escaping holds for any string, even one the Color type refuses at compile time.
    const cell = template((text, color) => <label textsize={1} text={text} textcolor={color as Color} />);
    for (const [text, color] of [[NASTY, 'f00'], ['plain', 'a"b'], [42, '7']] as const) {
      assert.equal(cell(text, color).xml, (<label textsize={1} text={text} textcolor={color as Color} />).xml);
    }
    const withChild = template((text) => <frame>{text}</frame>);
    assert.equal(withChild('<b>$l[x]y').xml, '<frame>&lt;b&gt;y</frame>');
    // A value that looks like a hole is only text once the template is built.
    assert.equal(cell('\u00020\u0002', 'fff').xml, '<label textsize="1" text="0" textcolor="fff"/>');
  });
});
