import { hostname, platform } from 'node:os';
import { relative, sep } from 'node:path';
import type { Attribution } from '../apps/error-sink.js';
import type { AppInfo } from '../apps/registry.js';
import type { Settings } from '../config/schema.js';
import type { GameServer } from '../server/facade.js';
import { PITWALL_VERSION } from '../version.js';
import type { Redactor } from './redact.js';
import { assembleEvent, causeChain, newEventId, type SentryEvent } from './report.js';
import { AppCode } from './app-code.js';
import { normaliseMessage } from './repeat-key.js';
import { PROJECT_ROOT, relativizePaths, type StackFrame } from './stack.js';

/**
 * The level-3 feed: a second, much smaller report for the developers of the app an error is attributed to.
 * It is built from this allow-list, field by field, never by deleting fields from the full report; the
 * privacy doc is generated from the same list.
 */
export interface FeedField {
  path: string;
  what: string;
  example: string;
}

export const FEED_FIELDS: readonly FeedField[] = [
  { path: 'event_id', what: 'Random id of this feed report (not the incident id of the owner\'s report)', example: 'c0ffee0ddba11c0ffee0ddba11c0ffee' },
  { path: 'timestamp', what: 'When the error happened', example: '1795590000.123' },
  { path: 'platform', what: 'Always "node"', example: 'node' },
  { path: 'level', what: '"error"', example: 'error' },
  { path: 'release', what: 'The app id and its version', example: 'records@1.0.0' },
  { path: 'exception.values', what: 'Error type and redacted message (player, server and machine names, and paths outside the app, replaced by markers), stack frames inside the app\'s own files only (paths relative to the app; other code collapsed to <core> or <app>)', example: 'TypeError: rank out of range at index.js:27' },
  { path: 'fingerprint', what: 'Groups repeats: error type, the message with numbers, ids and quoted values replaced, and the top frame in the app (file and function)', example: '["TypeError","rank <n> out of range","index.js:saveRecord"]' },
  { path: 'tags.controller_version', what: 'Pitwall version', example: '0.1.0' },
  { path: 'tags.node_version', what: 'Node.js version', example: 'v20.20.2' },
  { path: 'tags.os_family', what: 'Operating system family', example: 'linux' },
  { path: 'tags.title_pack', what: 'Title pack the server runs', example: 'Trackmania' },
  { path: 'tags.game_mode', what: 'Game mode script', example: 'Trackmania/TM_TimeAttack_Online.Script.txt' },
  { path: 'tags.event', what: 'Name of the event being handled (never its payload)', example: 'playerChat' },
];

export interface FeedSources {
  server?: GameServer;
  /** Every loaded app, to keep other apps' names and code out of the feed. */
  apps: readonly AppInfo[];
}

/** Whether `app` gets a feed at all: it asked for one and the owner has not refused it. */
export function feedAccepted(settings: Settings, app: AppInfo | undefined): app is AppInfo & { reporting: { dsn: string } } {
  return Boolean(app?.reporting?.dsn) && settings.REPORTING_APP_FEEDS && !settings.REPORTING_FEED_DENY.includes(app!.id);
}

const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b/gi;
const PROJECT_PATH = /(?:~|\.)?\/?(?:dist|node_modules|core|apps|test|settings|<external>)\/[^\s'"():,]+|~\/[^\s'"():,]*/g;
/** Any other absolute path of two or more segments (`/srv/site/x`); a lone `/records` command stays. */
const ABSOLUTE_PATH = /(?<![\w:/.~<>-])(?:file:\/\/)?\/[^\s'"():,/]+\/[^\s'"():,]+/g;

/** Builds the feed report for `app` from FEED_FIELDS. */
export class FeedBuilder {
  constructor(private readonly redactor: Redactor) {}

  build(error: Error, attribution: Attribution, app: AppInfo, sources: FeedSources): SentryEvent {
    const code = new AppCode(() => sources.apps.flatMap((info) => (info.folder ? [{ app: info.id, folder: info.folder }] : [])));
    const appFolder = app.folder ? code.displayFolder(app.id, app.folder) : undefined;
    const otherFolders = sources.apps.filter((other) => other.id !== app.id && other.folder).map((other) => code.displayFolder(other.id, other.folder!));
    const scrub = this.scrubber(app, sources, projectRelative(app.folder), app.folder);
    const values = causeChain(error).map((cause) => {
      const frames = collapseFrames(code.frames(cause.stack), appFolder, otherFolders);
      return {
        type: cause.name || 'Error',
        value: scrub(relativizePaths(this.redactor.text(String(cause.message)))),
        ...(frames.length ? { stacktrace: { frames } } : {}),
        mechanism: { type: 'pitwall_feed', handled: true },
      };
    });
    const top = values.at(-1)?.stacktrace?.frames.filter((frame) => frame.in_app).at(-1);
    const info = sources.server?.info;
    const candidate: Record<string, unknown> = {
      event_id: newEventId(),
      timestamp: Date.now() / 1000,
      platform: 'node',
      level: 'error',
      release: `${app.id}@${app.version}`,
      'exception.values': values,
      fingerprint: [values.at(-1)?.type ?? 'Error', normaliseMessage(values.at(-1)?.value ?? ''), top ? `${top.filename}:${top.function}` : '<no app frame>'],
      'tags.controller_version': PITWALL_VERSION,
      'tags.node_version': process.version,
      'tags.os_family': platform(),
      'tags.title_pack': info?.titleId || undefined,
      'tags.game_mode': info?.modeScript || undefined,
      'tags.event': attribution.event?.name,
    };
    return assembleEvent(candidate, FEED_FIELDS.map((field) => field.path));
  }

  /** Replaces what identifies players, the server, the machine or other apps with markers. */
  private scrubber(app: AppInfo, sources: FeedSources, appFolder: string | undefined, absoluteAppFolder?: string): (text: string) => string {
    const replacements: [string, string][] = [];
    const info = sources.server?.info;
    for (const player of sources.server?.players.values() ?? []) {
      replacements.push([player.login, '<player>'], [player.nickName, '<player>']);
    }
    if (info?.login) replacements.push([info.login, '<server>']);
    if (info?.name) replacements.push([info.name, '<server>']);
    const host = hostname();
    if (host) replacements.push([host, '<host>']);
    for (const other of sources.apps) if (other.id !== app.id) replacements.push([other.id, '<app>']);
    const ordered = replacements.filter(([text]) => text.length >= 2).sort((a, b) => b[0].length - a[0].length);
    return (text: string) => {
      let result = text.replace(IPV4, '<ip>').replace(IPV6, '<ip>');
      // The app's own files, wherever it is installed, relative to the app; every other path is the machine's.
      if (absoluteAppFolder) result = result.split(`file://${absoluteAppFolder}/`).join('').split(`${absoluteAppFolder}/`).join('');
      result = result.replace(PROJECT_PATH, (path) => (appFolder && path.startsWith(`${appFolder}/`) ? path.slice(appFolder.length + 1) : '<path>'));
      result = result.replace(ABSOLUTE_PATH, '<path>');
      for (const [secretText, marker] of ordered) {
        result = result.replace(new RegExp(`(?<![\\w-])${escapeRegExp(secretText)}(?![\\w-])`, 'g'), marker);
      }
      return result;
    };
  }
}

/** A folder as stack file names show it: relative to the project, with forward slashes. */
function projectRelative(folder: string | undefined): string | undefined {
  return folder ? relative(PROJECT_ROOT, folder).split(sep).join('/') : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Keeps frames inside the app's folder (file names relative to it) and collapses each run of other frames
 * into one marker: `<app>` for another app's code, `<core>` for everything else.
 */
function collapseFrames(frames: StackFrame[], appFolder: string | undefined, otherAppFolders: readonly string[]): StackFrame[] {
  const result: StackFrame[] = [];
  for (const frame of frames) {
    if (appFolder !== undefined && frame.filename.startsWith(`${appFolder}/`)) {
      result.push({ filename: frame.filename.slice(appFolder.length + 1), function: frame.function, lineno: frame.lineno, colno: frame.colno, in_app: true });
      continue;
    }
    const marker = otherAppFolders.some((folder) => frame.filename.startsWith(`${folder}/`)) ? '<app>' : '<core>';
    const last = result.at(-1);
    if (last && last.filename === marker) continue;
    result.push({ filename: marker, function: marker, in_app: false });
  }
  return result;
}
