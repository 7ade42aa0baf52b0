import { PitwallError } from '../errors.js';
import { actionSpecProblem, type ActionSpec } from './action.js';
import { ELEMENT_NAMES, type ManiaLinkElements } from './elements.js';
import { escapeText, escapeXml } from './escape.js';

/** Where an `onAction` sits in rendered XML until the page gives it its namespaced name. */
export interface ActionSlot {
  slot: number;
  spec: ActionSpec;
}

/**
 * Rendered ManiaLink markup. Only this module makes it, from elements whose every attribute value and text
 * was escaped, so XML can only ever come from here: a string is always text, never markup.
 */
export class Markup {
  /** @internal */
  constructor(
    readonly xml: string,
    readonly actions: readonly ActionSlot[] | undefined,
  ) {}
}

/** What may appear as a child: markup, text (escaped), numbers, lists, and nothing (null, undefined, booleans). */
export type Child = Markup | string | number | boolean | null | undefined | readonly Child[];

export type Component<P> = (props: P) => Markup;

/** Groups children without an element around them. */
export function Fragment(props: { children?: Child }): Markup {
  const out = { xml: '', actions: undefined as ActionSlot[] | undefined };
  appendChild(props.children, out);
  return new Markup(out.xml, out.actions);
}

/** The placeholder marker: a character escapeXml drops, so no text can forge it. */
export const SLOT_MARK = '\u0001';

let nextSlot = 0;
const ATTRIBUTE_NAME = /^[a-z][a-z0-9-]*$/i;

// Attribute names already checked to be plain names (the check runs once per name).
const checkedNames = new Set<string>();

/** Marks where a template's hole sits in its pre-rendered XML; escapeXml drops it, so no text can forge it. */
export const HOLE_MARK = '\u0002';

/**
 * While a template is being built: its hole strings (unguessable, made for that build only) and, per hole,
 * whether it sits in text a player reads (stripped of links) or in another attribute.
 */
let building: { holes: Map<string, number>; textHoles: Set<number> } | undefined;

/** Renders `build` with `holes` standing for values given later; see template(). */
export function renderWithHoles(holes: readonly string[], build: () => Markup): { markup: Markup; textHoles: ReadonlySet<number> } {
  const previous = building;
  building = { holes: new Map(holes.map((hole, index) => [hole, index])), textHoles: new Set() };
  try {
    return { markup: build(), textHoles: building.textHoles };
  } finally {
    building = previous;
  }
}

function hole(value: string, text: boolean): string | undefined {
  const index = building!.holes.get(value);
  if (index === undefined) return undefined;
  if (text) building!.textHoles.add(index);
  return `${HOLE_MARK}${index}${HOLE_MARK}`;
}

/**
 * Builds an element (or calls a component). The TSX runtime's `jsx`, and the plain function form for
 * JavaScript authors: `h('label', { text: nickName })`.
 */
export function h<T extends keyof ManiaLinkElements>(type: T, props?: ManiaLinkElements[T] | null, ...children: Child[]): Markup;
export function h<P>(type: Component<P>, props: P, ...children: Child[]): Markup;
export function h(type: string | Component<Record<string, unknown>>, props?: Record<string, unknown> | null, ...children: Child[]): Markup {
  const all = children.length === 0 ? (props ?? {}) : { ...props, children: children.length === 1 ? children[0] : children };
  return render(type, all);
}

export function render(type: string | Component<Record<string, unknown>>, props: Record<string, unknown>): Markup {
  if (typeof type === 'function') return type(props);
  if (!ELEMENT_NAMES.has(type)) throw new PitwallError('PW_ERR_UI_ELEMENT', { element: String(type) });
  // The hot path of every page: template literals (cheaper than + chains) and no allocation per attribute.
  let xml = `<${type}`;
  let actions: ActionSlot[] | undefined;
  let children: unknown;
  for (const key in props) {
    const value = props[key];
    if (value === undefined || value === null) continue;
    if (key === 'children') children = value;
    else if (key === 'onAction') {
      const problem = actionSpecProblem(value);
      if (problem) throw new PitwallError('PW_ERR_UI_ATTRIBUTE', { element: type, attribute: key, reason: problem });
      const slot = nextSlot++;
      (actions ??= []).push({ slot, spec: value as ActionSpec });
      xml = `${xml} action="${SLOT_MARK}${slot}${SLOT_MARK}"`;
    } else if (key !== 'key') {
      if (!checkedNames.has(key)) checkName(type, key);
      if (typeof value === 'string') {
        // Text a player reads also loses its formatting links.
        const text = key === 'text' || key === 'textprefix' || key === 'default';
        xml = `${xml} ${key}="${(building && hole(value, text)) ?? (text ? escapeText(value) : escapeXml(value))}"`;
      }
      else if (typeof value === 'number') xml = `${xml} ${key}="${Number.isFinite(value) ? value : 0}"`;
      else xml = `${xml} ${key}="${attributeValue(key, value, type)}"`;
    }
  }
  if (children === undefined || typeof children === 'boolean') return new Markup(`${xml}/>`, actions);
  if (children instanceof Markup) {
    const inner = children.actions;
    return new Markup(`${xml}>${children.xml}</${type}>`, inner ? (actions ? actions.concat(inner) : inner) : actions);
  }
  const out = { xml: `${xml}>`, actions };
  appendChild(children as Child, out);
  return new Markup(`${out.xml}</${type}>`, out.actions);
}

function checkName(element: string, key: string): void {
  if (key === 'action') {
    throw new PitwallError('PW_ERR_UI_ATTRIBUTE', { element, attribute: key, reason: 'actions are declared with onAction={handler}, which the host names and routes to your app' });
  }
  if (!ATTRIBUTE_NAME.test(key)) throw new PitwallError('PW_ERR_UI_ATTRIBUTE', { element, attribute: key, reason: 'an attribute name is letters, digits and -' });
  checkedNames.add(key);
}

function attributeValue(key: string, value: unknown, element: string): string {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : '0';
    case 'boolean':
      return value ? '1' : '0';
    default:
      if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
        return value[0] + ' ' + value[1];
      }
      throw new PitwallError('PW_ERR_UI_ATTRIBUTE', { element, attribute: key, reason: 'a value is a string, a number, a boolean or [x, y]' });
  }
}

function appendChild(child: Child | undefined, out: { xml: string; actions: ActionSlot[] | undefined }): void {
  if (child === undefined || child === null || typeof child === 'boolean') return;
  if (child instanceof Markup) {
    out.xml += child.xml;
    if (child.actions) out.actions = out.actions ? out.actions.concat(child.actions) : (child.actions as ActionSlot[]);
  } else if (typeof child === 'string') out.xml += (building && hole(child, true)) ?? escapeText(child);
  else if (typeof child === 'number') out.xml += String(child);
  else if (Array.isArray(child)) for (const item of child as readonly Child[]) appendChild(item, out);
  else throw new PitwallError('PW_ERR_UI_ATTRIBUTE', { element: 'children', attribute: typeof child, reason: 'a child is markup, text, a number or a list of them' });
}
