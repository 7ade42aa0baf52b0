import type { ActionSpec } from './action.js';
import { Fragment, Markup, SLOT_MARK, type Child } from './markup.js';

/** A ManiaLink page as sent to one player: its XML and, by index, the handlers its actions call. */
export interface RenderedPage {
  xml: string;
  handlers: readonly ActionSpec[];
}

const SLOT = new RegExp(`${SLOT_MARK}(\\d+)${SLOT_MARK}`, 'g');
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
  const body = markup.xml.replace(SLOT, (_, slot: string) => {
    handlers.push(bySlot.get(Number(slot))!);
    return `${manialinkId}.${handlers.length - 1}`;
  });
  return { xml: `${open}${body}</manialink>`, handlers };
}

/** What removes a page from a player's screen. */
export function emptyPage(manialinkId: string): string {
  return `<manialink id="${manialinkId}" version="3"></manialink>`;
}
