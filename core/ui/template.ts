import { randomBytes } from 'node:crypto';
import { escapeText, escapeXml } from './escape.js';
import { HOLE_MARK, Markup, renderWithHoles } from './markup.js';

/**
 * An element rendered once, with holes filled per use: for markup repeated many times (a list's cells),
 * where only a text or a value changes. `build` receives one placeholder per parameter and places them as
 * attribute values or text; each call of the result fills them, escaped exactly as render() would (text a
 * player reads loses its links too). Actions declared inside are shared by every filled copy.
 *
 *   const cell = template((text) => <label textsize={1} text={text} />);
 *   cell(nickName)  // the same markup as <label textsize={1} text={nickName} />
 *
 * `count` is how many holes `build` takes, for a build function with a rest parameter.
 */
export function template<H extends string[]>(build: (...holes: H) => Markup, count = build.length): (...values: { [K in keyof H]: string | number }) => Markup {
  const nonce = randomBytes(12).toString('hex');
  const holes = Array.from({ length: count }, (_, index) => `${HOLE_MARK}${nonce}.${index}${HOLE_MARK}`);
  const { markup, textHoles } = renderWithHoles(holes, () => build(...(holes as H)));
  // Static parts between the holes, and which hole comes after each part.
  const parts = markup.xml.split(HOLE_MARK);
  const statics: string[] = [];
  const order: number[] = [];
  for (let index = 0; index < parts.length; index++) {
    if (index % 2 === 0) statics.push(parts[index]!);
    else order.push(Number(parts[index]));
  }
  const isText = order.map((hole) => textHoles.has(hole));
  return (...values) => {
    let xml = statics[0]!;
    for (let index = 0; index < order.length; index++) {
      const value = values[order[index]!];
      const string = typeof value === 'number' ? String(value) : (value ?? '');
      xml = `${xml}${isText[index] ? escapeText(string) : escapeXml(string)}${statics[index + 1]}`;
    }
    return new Markup(xml, markup.actions);
  };
}
