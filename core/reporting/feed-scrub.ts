import { hostname } from 'node:os';
import type { AppInfo } from '../apps/registry.js';
import type { GameServer } from '../server/facade.js';
import { stripFormatting } from '../server/formatting.js';
import { maskIps } from './ip-mask.js';
import { foldCase, NameMasker, type MaskedName } from './name-mask.js';
import { escapeRegExp } from './redact.js';

const PROJECT_PATH = /(?:~|\.)?\/?(?:dist|node_modules|core|apps|test|settings|<external>)\/[^\s'"():,]+|~\/[^\s'"():,]*/g;
/** Any other absolute path of two or more segments (`/srv/site/x`); a lone `/records` command stays. */
const ABSOLUTE_PATH = /(?<![\w:/.~<>-])(?:file:\/\/)?\/[^\s'"():,/]+\/[^\s'"():,]+/g;

export interface FeedScrubSources {
  server?: GameServer;
  /** Every loaded app, to keep other apps' names out of the feed. */
  apps: readonly AppInfo[];
  /** Every player seen within retention, those connected now included (SeenPeople); without it, those connected now. */
  people?: NameMasker;
}

/**
 * Replaces what identifies players, the server, the machine or other apps with markers, in every string of
 * a feed: `text` for messages (paths too), `name` for error names, frames and tags.
 */
export class FeedScrubber {
  private readonly present: NameMasker;
  /** Folded names of the player whose event was being handled: masked even where they read as words. */
  private readonly named = new Set<string>();
  private readonly tokens: [RegExp, string][] = [];
  private readonly appFolder?: string;

  constructor(
    app: AppInfo,
    private readonly sources: FeedScrubSources,
    eventPayload: unknown,
    private readonly displayFolder?: string,
  ) {
    const names: MaskedName[] = [];
    const players = sources.server?.players;
    // The players connected now are among those seen, when there is a record of them.
    if (!sources.people) for (const player of players?.values() ?? []) names.push({ text: player.login, marker: '<player>' }, { text: player.nickName, marker: '<player>' });
    const info = sources.server?.info;
    if (info?.login) names.push({ text: info.login, marker: '<server>' });
    if (info?.name) names.push({ text: info.name, marker: '<server>' });
    this.present = new NameMasker(names);
    const login = (eventPayload as { login?: unknown } | undefined)?.login;
    if (typeof login === 'string' && login) {
      this.named.add(foldCase(login));
      const nick = players?.get(login)?.nickName;
      if (nick) for (const form of [nick, stripFormatting(nick)]) this.named.add(foldCase(form.trim()));
    }
    // The host and other apps' ids as whole tokens, as written: an app id is often an ordinary word.
    const host = hostname();
    const plain: [string, string][] = host ? [[host, '<host>']] : [];
    for (const other of sources.apps) if (other.id !== app.id) plain.push([other.id, '<app>']);
    for (const [text, marker] of plain.filter(([text]) => text.length >= 2).sort((a, b) => b[0].length - a[0].length)) {
      this.tokens.push([new RegExp(`(?<![\\w-])${escapeRegExp(text)}(?![\\w-])`, 'g'), marker]);
    }
    this.appFolder = app.folder;
  }

  /** A message: addresses, paths outside the app, and names. */
  text(text: string): string {
    let result = maskIps(text);
    // The app's own files, wherever it is installed, relative to the app; every other path is the machine's.
    const absolute = this.appFolder;
    if (absolute) result = result.split(`file://${absolute}/`).join('').split(`${absolute}/`).join('');
    const folder = this.displayFolder;
    result = result.replace(PROJECT_PATH, (path) => (folder && path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : '<path>'));
    result = result.replace(ABSOLUTE_PATH, '<path>');
    return this.names(result);
  }

  /** An error name, a frame's file or function, a tag: addresses and names. */
  name(text: string): string {
    return this.names(maskIps(text));
  }

  private names(text: string): string {
    let result = this.present.mask(text, this.named);
    if (this.sources.people) result = this.sources.people.mask(result, this.named);
    for (const [pattern, marker] of this.tokens) result = result.replace(pattern, marker);
    return result;
  }
}
