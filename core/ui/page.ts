import type { ActionSpec } from './action.js';
import { Fragment, Markup, SLOT_MARK, type Child } from './markup.js';

/** A ManiaLink page as sent to one player: its XML and, by index, the handlers its actions call. */
export interface RenderedPage {
  xml: string;
  handlers: readonly ActionSpec[];
}

const NO_HANDLERS: readonly ActionSpec[] = [];

/**
 * Wraps content in `<manialink id version="3">` and names its actions `<id>.<n>` in document order, so the
 * same content always gives the same XML (and an unchanged page need not be sent again).
 */
export function renderPage(manialinkId: string, content: Child): RenderedPage {
  const markup = content instanceof Markup ? content : Fragment({ children: content });
  const open = `<manialink id="${manialinkId}" version="3">`;
  if (!markup.actions) return { xml: `${open}${markup.xml}</manialink>`, handlers: NO_HANDLERS };
  const bySlot = new Map<number, ActionSpec>();
  for (const { slot, spec } of markup.actions) bySlot.set(slot, spec);
  const handlers: ActionSpec[] = [];
  const xml = markup.xml;
  // Joined rather than concatenated: the result is one flat string, ready to be encoded and sent.
  const parts = [open];
  let from = 0;
  // Each placeholder is SLOT_MARK, the slot number, SLOT_MARK; text can never hold SLOT_MARK.
  for (let at = xml.indexOf(SLOT_MARK); at !== -1; at = xml.indexOf(SLOT_MARK, from)) {
    const end = xml.indexOf(SLOT_MARK, at + 1);
    handlers.push(bySlot.get(Number(xml.slice(at + 1, end)))!);
    parts.push(xml.slice(from, at), manialinkId, '.', String(handlers.length - 1));
    from = end + 1;
  }
  parts.push(xml.slice(from), '</manialink>');
  return { xml: parts.join(''), handlers };
}

/** What removes a page from a player's screen. */
export function emptyPage(manialinkId: string): string {
  return `<manialink id="${manialinkId}" version="3"></manialink>`;
}
