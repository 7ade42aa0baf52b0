import { Emitter, toSubscription, type Subscription } from '../disposables.js';

/** One ManiaLink page a simulated player has on screen. */
export interface SandboxPage {
  id: string;
  xml: string;
}

/** One element of a page, with its attributes unescaped, as the game would read them. */
export interface SandboxElement {
  tag: string;
  attributes: Record<string, string>;
}

/** A click as the game reports it: the element's action and the values of the page's entries. */
export interface SandboxAnswer {
  answer: string;
  entries: { Name: string; Value: string }[];
}

const ROOT_ID = /^\s*<manialink\b[^>]*?\sid="([^"]*)"/;
const ELEMENT = /<([a-z]+)\b((?:\s+[\w-]+="[^"]*")*)\s*\/?>/g;
const ATTRIBUTE = /([\w-]+)="([^"]*)"/g;
const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi;

/**
 * What each simulated player sees: the ManiaLink pages sent to them, by page id, as a game client keeps
 * them (a page with the same id replaces the previous one; an empty page removes it), and what they can click.
 */
export class SandboxManialinks {
  private readonly byLogin = new Map<string, Map<string, string>>();
  private readonly changes = new Emitter<string>();

  /** Called with a player's login each time what that player sees has changed. */
  onChange(listener: (login: string) => void): Subscription {
    return toSubscription(this.changes.on(listener));
  }

  /** Shows `xml` to these players. */
  display(logins: Iterable<string>, xml: string): void {
    const id = ROOT_ID.exec(xml)?.[1] ?? '';
    const empty = !/<manialink\b[^>]*>[\s\S]*?<[a-z]/i.test(xml);
    const changed: string[] = [];
    for (const login of logins) {
      let pages = this.byLogin.get(login);
      if (!pages) this.byLogin.set(login, (pages = new Map()));
      if (empty) pages.delete(id);
      else pages.set(id, xml);
      changed.push(login);
    }
    for (const login of changed) this.changes.emit(login);
  }

  /** Removes every page of these players (SendHideManialinkPage). */
  hideAll(logins: Iterable<string>): void {
    const changed = [...logins];
    for (const login of changed) this.byLogin.delete(login);
    for (const login of changed) this.changes.emit(login);
  }

  forget(login: string): void {
    this.byLogin.delete(login);
  }

  /** The pages `login` has on screen, in the order they were first shown. */
  pages(login: string): SandboxPage[] {
    return [...(this.byLogin.get(login) ?? new Map<string, string>())].map(([id, xml]) => ({ id, xml }));
  }

  /** The elements of one page, in document order. */
  static elements(xml: string): SandboxElement[] {
    return [...xml.matchAll(ELEMENT)]
      .filter((match) => match[1] !== 'manialink')
      .map((match) => ({ tag: match[1]!, attributes: Object.fromEntries([...match[2]!.matchAll(ATTRIBUTE)].map((attribute) => [attribute[1]!, unescape(attribute[2]!)])) }));
  }

  /**
   * What the game sends when `login` clicks `target`: an element's action name, or the `id` of an element
   * with an action. Entries hold every entry/textedit of that page (its default, or the value typed in
   * `typed`). Throws when the player has no such clickable element on screen.
   */
  click(login: string, target: string, typed: Record<string, string> = {}): SandboxAnswer {
    for (const { xml } of this.pages(login)) {
      const elements = SandboxManialinks.elements(xml);
      const clicked = elements.find(({ attributes }) => attributes.action !== undefined && (attributes.action === target || attributes.id === target));
      if (!clicked) continue;
      const entries = elements
        .filter(({ tag, attributes }) => (tag === 'entry' || tag === 'textedit' || tag === 'fileentry') && attributes.name)
        .map(({ attributes }) => ({ Name: attributes.name!, Value: typed[attributes.name!] ?? attributes.default ?? '' }));
      return { answer: clicked.attributes.action!, entries };
    }
    const shown = this.pages(login).map((page) => page.id);
    throw new Error(`Player '${login}' has nothing clickable named '${target}' on screen (pages shown: ${shown.length ? shown.join(', ') : 'none'})`);
  }
}

function unescape(value: string): string {
  return value.replace(ENTITY, (_, entity: string) => {
    const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity.toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
  });
}
