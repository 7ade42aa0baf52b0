import { platform } from 'node:os';
import { relative, sep } from 'node:path';
import type { Attribution } from '../apps/error-sink.js';
import type { AppInfo } from '../apps/registry.js';
import type { Settings } from '../config/schema.js';
import type { GameServer } from '../server/facade.js';
import { PITWALL_VERSION } from '../version.js';
import type { Redactor } from './redact.js';
import { assembleEvent, causeChain, newEventId, type SentryEvent } from './report.js';
import { AppCode, sourceName } from './app-code.js';
import { ErrorTexts } from './error-texts.js';
import { FeedScrubber } from './feed-scrub.js';
import type { NameMasker } from './name-mask.js';
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
  { path: 'exception.values', what: 'Error type and redacted message, and those of its causes (players, the server, this machine, IP addresses, other apps and paths outside the app replaced by markers, as listed above), stack frames inside the app\'s own files only (paths relative to the app, names filtered the same way; other code collapsed to <core> or <app>)', example: 'TypeError: rank out of range for <player> at index.js:27' },
  { path: 'fingerprint', what: 'Groups repeats: error type, the message with numbers, ids and quoted values replaced, and the top frame in the app (file and function)', example: '["TypeError","rank <n> out of range","index.js:saveRecord"]' },
  { path: 'tags.controller_version', what: 'Pitwall version', example: '0.1.0' },
  { path: 'tags.node_version', what: 'Node.js version', example: 'v20.20.2' },
  { path: 'tags.os_family', what: 'Operating system family', example: 'linux' },
  { path: 'tags.title_pack', what: 'Title pack the server runs (filtered as above)', example: 'Trackmania' },
  { path: 'tags.game_mode', what: 'Game mode script (filtered as above)', example: 'Trackmania/TM_TimeAttack_Online.Script.txt' },
  { path: 'tags.event', what: 'Name of the event being handled, never its payload (filtered as above)', example: 'playerChat' },
];

export interface FeedSources {
  server?: GameServer;
  /** Every loaded app, to keep other apps' names and code out of the feed. */
  apps: readonly AppInfo[];
  /** Every player seen within REPORTING_RETENTION_DAYS, those connected now included; without it, those connected now. */
  people?: NameMasker;
}

/** Whether `app` gets a feed at all: it asked for one and the owner has not refused it. */
export function feedAccepted(settings: Settings, app: AppInfo | undefined): app is AppInfo & { reporting: { dsn: string } } {
  return Boolean(app?.reporting?.dsn) && settings.REPORTING_APP_FEEDS && !settings.REPORTING_FEED_DENY.includes(app!.id);
}

/** Builds the feed report for `app` from FEED_FIELDS. */
export class FeedBuilder {
  constructor(private readonly redactor: Redactor) {}

  /** `texts`: the error's texts as redacted for the owner's report, so each is redacted once. */
  build(error: Error, attribution: Attribution, app: AppInfo, sources: FeedSources, texts = new ErrorTexts(this.redactor)): SentryEvent {
    const code = new AppCode(() => sources.apps.flatMap((info) => (info.folder ? [{ app: info.id, folder: info.folder }] : [])));
    const appFolder = app.folder ? code.displayFolder(app.id, app.folder) : undefined;
    const otherFolders = sources.apps.filter((other) => other.id !== app.id && other.folder).map((other) => code.displayFolder(other.id, other.folder!));
    const scrub = new FeedScrubber(app, sources, attribution.event?.payload, projectRelative(app.folder));
    const values = causeChain(error).map((cause) => {
      const frames = collapseFrames(code.frames(cause.stack), code.frames(cause.stack, { compiled: true }), appFolder, otherFolders).map((frame) =>
        frame.in_app ? { ...frame, filename: scrub.name(texts.secrets(frame.filename)), function: scrub.name(texts.text(frame.function, 200)) } : frame,
      );
      return {
        type: scrub.name(texts.secrets(cause.name || 'Error')),
        value: scrub.text(relativizePaths(texts.text(String(cause.message)))),
        ...(frames.length ? { stacktrace: { frames } } : {}),
        mechanism: { type: 'pitwall_feed', handled: true },
      };
    });
    const top = values.at(-1)?.stacktrace?.frames.filter((frame) => frame.in_app).at(-1);
    const info = sources.server?.info;
    const tag = (text: string | undefined): string | undefined => (text ? scrub.name(texts.secrets(text)) : undefined);
    const candidate: Record<string, unknown> = {
      event_id: newEventId(),
      timestamp: Date.now() / 1000,
      platform: 'node',
      level: 'error',
      release: texts.secrets(`${app.id}@${app.version}`),
      'exception.values': values,
      fingerprint: [values.at(-1)?.type ?? 'Error', normaliseMessage(values.at(-1)?.value ?? ''), top ? `${top.filename}:${top.function}` : '<no app frame>'],
      'tags.controller_version': PITWALL_VERSION,
      'tags.node_version': process.version,
      'tags.os_family': platform(),
      'tags.title_pack': tag(info?.titleId),
      'tags.game_mode': tag(info?.modeScript),
      'tags.event': tag(attribution.event?.name),
    };
    return assembleEvent(candidate, FEED_FIELDS.map((field) => field.path));
  }
}

/** A folder as stack file names show it: relative to the project, with forward slashes. */
function projectRelative(folder: string | undefined): string | undefined {
  return folder ? relative(PROJECT_ROOT, folder).split(sep).join('/') : undefined;
}

/**
 * Keeps frames inside the app's folder (file names relative to it) and collapses each run of other frames
 * into one marker: `<app>` for another app's code, `<core>` for everything else.
 */
function collapseFrames(frames: StackFrame[], compiled: StackFrame[], appFolder: string | undefined, otherAppFolders: readonly string[]): StackFrame[] {
  const result: StackFrame[] = [];
  frames.forEach((frame, index) => {
    // Whose frame it is, is decided where the code runs (the app's folder), whatever its source's name.
    const running = compiled[index] ?? frame;
    if (appFolder !== undefined && running.filename.startsWith(`${appFolder}/`)) {
      const inApp = running.filename.slice(appFolder.length + 1);
      const source = frame === running ? undefined : frame.filename.startsWith(`${appFolder}/`) ? frame.filename.slice(appFolder.length + 1) : sourceName(inApp, frame.filename);
      const shown = source === undefined ? running : frame;
      result.push({ filename: source ?? inApp, function: shown.function, lineno: shown.lineno, colno: shown.colno, in_app: true });
      return;
    }
    const marker = otherAppFolders.some((folder) => running.filename.startsWith(`${folder}/`)) ? '<app>' : '<core>';
    const last = result.at(-1);
    if (last && last.filename === marker) return;
    result.push({ filename: marker, function: marker, in_app: false });
  });
  return result;
}
