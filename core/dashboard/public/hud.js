// The HUD preview: a player's ManiaLink pages drawn in a 320 x 180 box (ManiaLink 3 coordinates: the origin in
// the middle, y up). Frames, quads and labels are drawn; every other element is a dashed box with its tag name.
// The XML is parsed with DOMParser and everything is put in with textContent and CSSOM, never as markup.

const WIDTH = 320;
const HEIGHT = 180;

/** A ManiaLink colour (rgb, rgba, rrggbb, rrggbbaa) as CSS, or undefined. */
export function cssColour(value) {
  if (!value || !/^([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value)) return undefined;
  const parts = value.length <= 4 ? [...value].map((digit) => parseInt(digit + digit, 16)) : value.match(/../g).map((pair) => parseInt(pair, 16));
  const [r, g, b, a = 255] = parts;
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(3)})`;
}

/**
 * The game's formatting codes as styled runs: $rgb colours, $o bold, $i italic, $s shadow, $w wide, $n narrow,
 * $t upper case, $g and $z back to the default, $l and $h links shown as their text, $$ a dollar.
 */
export function formatRuns(text) {
  const runs = [];
  let style = {};
  let current = '';
  const flush = () => {
    if (current) runs.push({ text: current, ...style });
    current = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char !== '$') {
      current += style.upper ? char.toUpperCase() : char;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) break;
    if (next === '$') {
      current += '$';
      i++;
      continue;
    }
    const colour = /^[0-9a-fA-F]{3}/.exec(text.slice(i + 1, i + 4));
    flush();
    if (colour) {
      style = { ...style, colour: colour[0] };
      i += 3;
      continue;
    }
    i++;
    const code = next.toLowerCase();
    if (code === 'l' || code === 'h') {
      // $l[url]text$l: the url part is not shown.
      if (text[i + 1] === '[') {
        const end = text.indexOf(']', i + 1);
        if (end !== -1) i = end;
      }
    } else if (code === 'o') style = { ...style, bold: true };
    else if (code === 'i') style = { ...style, italic: true };
    else if (code === 's') style = { ...style, shadow: true };
    else if (code === 'w') style = { ...style, width: 'wide' };
    else if (code === 'n') style = { ...style, width: 'narrow' };
    else if (code === 'm') style = { ...style, width: undefined };
    else if (code === 't') style = { ...style, upper: true };
    else if (code === 'g') style = { ...style, colour: undefined };
    else if (code === 'z') style = {};
    // Anything else ($<, $>, unknown codes) is dropped.
  }
  flush();
  return runs;
}

const pair = (value, fallback = [0, 0]) => {
  if (!value) return fallback;
  const numbers = value.trim().split(/\s+/).map(Number);
  return numbers.length >= 2 && numbers.every(Number.isFinite) ? [numbers[0], numbers[1]] : fallback;
};

/** Draws the pages into `canvas` (an element sized 16:9); returns how many elements were drawn and boxed. */
export function drawHud(canvas, pages) {
  canvas.replaceChildren();
  const unit = canvas.clientWidth / WIDTH || 3;
  const counts = { drawn: 0, boxed: 0 };
  let order = 0;
  const place = (node, x, y, w, h, attributes) => {
    const halign = attributes.getAttribute('halign') ?? 'left';
    const valign = attributes.getAttribute('valign') ?? 'top';
    const left = x - (halign === 'center' ? w / 2 : halign === 'right' ? w : 0);
    const top = -y - (valign === 'center' || valign === 'center2' ? h / 2 : valign === 'bottom' ? h : 0);
    node.style.left = `${(left + WIDTH / 2) * unit}px`;
    node.style.top = `${(top + HEIGHT / 2) * unit}px`;
    node.style.width = `${w * unit}px`;
    node.style.height = `${h * unit}px`;
    node.style.zIndex = String(Math.round(Number(attributes.getAttribute('z-index') ?? 0)) * 1000 + order++);
    canvas.append(node);
  };
  const walk = (parent, offsetX, offsetY, page) => {
    for (const child of parent.children) {
      if (child.getAttribute('hidden') === '1' || child.getAttribute('hidden') === 'true') continue;
      const tag = child.tagName;
      const [px, py] = pair(child.getAttribute('pos') ?? child.getAttribute('posn'));
      const x = offsetX + px;
      const y = offsetY + py;
      if (tag === 'frame') {
        walk(child, x, y, page);
        continue;
      }
      if (tag === 'script' || tag === 'stylesheet' || tag === 'dico' || tag === 'framemodel' || tag === 'include') continue;
      const [w, h] = pair(child.getAttribute('size') ?? child.getAttribute('sizen'), tag === 'label' ? [60, 5] : [10, 10]);
      const node = document.createElement('div');
      node.className = `ml ml-${tag}`;
      node.dataset.page = page;
      if (tag === 'quad') {
        const colour = cssColour(child.getAttribute('bgcolor'));
        if (colour) node.style.background = colour;
        else node.classList.add('styled');
        const style = child.getAttribute('style');
        if (style) node.title = `${style}${child.getAttribute('substyle') ? `/${child.getAttribute('substyle')}` : ''}`;
        if (child.getAttribute('image')) node.title = `image ${child.getAttribute('image')}`;
        counts.drawn++;
      } else if (tag === 'label') {
        const size = Number(child.getAttribute('textsize') ?? 1);
        node.style.fontSize = `${(1.2 + size * 1.1) * unit}px`;
        const colour = cssColour(child.getAttribute('textcolor'));
        if (colour) node.style.color = colour;
        const halign = child.getAttribute('halign');
        if (halign === 'center' || halign === 'right') node.style.textAlign = halign;
        if (child.getAttribute('bgcolor')) node.style.background = cssColour(child.getAttribute('bgcolor')) ?? '';
        for (const run of formatRuns(child.getAttribute('text') ?? '')) {
          const span = document.createElement('span');
          span.textContent = run.text;
          if (run.colour) span.style.color = cssColour(run.colour);
          if (run.bold) span.style.fontWeight = 'bold';
          if (run.italic) span.style.fontStyle = 'italic';
          if (run.shadow) span.style.textShadow = '0.1em 0.1em 0.1em #000';
          if (run.width === 'wide') span.style.letterSpacing = '0.1em';
          if (run.width === 'narrow') span.style.letterSpacing = '-0.05em';
          node.append(span);
        }
        counts.drawn++;
      } else {
        node.classList.add('boxed');
        node.textContent = tag;
        counts.boxed++;
      }
      place(node, x, y, w, h, child);
    }
  };
  for (const page of pages) {
    const doc = new DOMParser().parseFromString(page.xml, 'application/xml');
    const root = doc.documentElement;
    if (!root || root.tagName !== 'manialink') continue;
    walk(root, 0, 0, page.id);
  }
  return counts;
}
