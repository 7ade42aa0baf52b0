import { randomUUID } from 'node:crypto';
import { platform, release } from 'node:os';
import type { Attribution } from '../apps/error-sink.js';
import type { Settings } from '../config/schema.js';
import type { GameServer } from '../server/facade.js';
import { PITWALL_VERSION } from '../version.js';
import { admits, REPORT_FIELDS, type ReportingLevel } from './fields.js';
import type { AppCode } from './app-code.js';
import { ErrorTexts } from './error-texts.js';
import type { Redactor } from './redact.js';
import { errorType, normaliseMessage } from './repeat-key.js';
import { parseStack, relativizePaths, type StackFrame } from './stack.js';

export type ReportKind = 'error' | 'event_loop_block' | 'heap_growth' | 'app_disabled' | 'unknown_error';

export interface ReportInput {
  error: Error;
  attribution: Attribution;
  kind?: ReportKind;
  /** Identical reports counted, not sent, since the last report of this repeat key. */
  repeated?: number;
  eventId?: string;
  /** Local variables of the failing frame (level 2), attached to the topmost frame in project code. */
  locals?: Record<string, unknown>;
  /** The error's texts as already redacted for another report of it (the app's feed shares them). */
  texts?: ErrorTexts;
}

export interface ExceptionValue {
  type: string;
  value: string;
  stacktrace?: { frames: StackFrame[] };
  mechanism: { type: string; handled: boolean };
}

/** A Sentry event, as built for one level. */
export type SentryEvent = Record<string, unknown> & { event_id: string; exception?: { values: ExceptionValue[] } };

const MAX_CAUSES = 5;
const MAX_FRAMES = 50;

export function newEventId(): string {
  return randomUUID().replace(/-/g, '');
}

/**
 * How the receiver groups reports: app, error type, normalised message and the top frame in app or project
 * code as file and function. Line and column are left out so a group survives a new release; the message
 * keeps different faults of one function apart.
 */
export function fingerprintFor(app: string, type: string, value: string, frames: readonly StackFrame[] | undefined): string[] {
  const top = frames?.filter((frame) => frame.in_app).at(-1) ?? frames?.at(-1);
  return [app, type, normaliseMessage(value, type.endsWith('[PW_ERR_NON_ERROR_THROWN]')), top ? `${top.filename}:${top.function}` : '<no stack>'];
}

/** Where report context comes from: the live server and the settings. */
export interface ReportSources {
  server?: () => GameServer | undefined;
  settings: Settings;
  /** Which frames are app code; without it, project code only. */
  code?: AppCode;
}

/**
 * Builds the report for one error at one level: only the fields REPORT_FIELDS admits at that level, every
 * string redacted once as it is put in (free text fully, names and identifiers of configured secrets), paths
 * made project-relative. Never throws: a failure while building yields a minimal report.
 */
export class ReportBuilder {
  constructor(
    private readonly redactor: Redactor,
    private readonly sources: ReportSources,
  ) {}

  build(input: ReportInput, level: ReportingLevel): SentryEvent {
    const eventId = input.eventId ?? newEventId();
    try {
      return this.buildUnsafe(input, level, eventId);
    } catch (buildError) {
      return {
        event_id: eventId,
        platform: 'node',
        level: 'error',
        release: `pitwall@${PITWALL_VERSION}`,
        tags: { app: this.redactor.exactSecrets(input.attribution.app), reporting_level: String(level), kind: 'report_failed' },
        message: this.redactor.text(`Building the report failed: ${String(buildError)}`),
      };
    }
  }

  private buildUnsafe(input: ReportInput, level: ReportingLevel, eventId: string): SentryEvent {
    const { attribution } = input;
    const kind = input.kind ?? 'error';
    const texts = input.texts ?? new ErrorTexts(this.redactor);
    const values = this.exceptionValues(input, texts, admits(level, 'frame.vars'));
    const caught = values.at(-1);
    const candidate: Record<string, unknown> = {
      event_id: eventId,
      timestamp: Date.now() / 1000,
      platform: 'node',
      level: kind === 'error' || kind === 'unknown_error' ? 'error' : 'warning',
      release: `pitwall@${PITWALL_VERSION}`,
      'tags.app': texts.secrets(attribution.app),
      'tags.app_version': texts.secrets(attribution.appVersion ?? PITWALL_VERSION),
      'tags.app_isolation': attribution.isolation,
      'tags.reporting_level': String(level),
      'tags.kind': kind,
      'exception.values': values,
      fingerprint: fingerprintFor(attribution.app, kind === 'error' || kind === 'unknown_error' ? caught?.type ?? 'Error' : kind, caught?.value ?? '', caught?.stacktrace?.frames),
      'extra.repeated': input.repeated,
    };
    if (level >= 2) Object.assign(candidate, this.serverContext(attribution, texts));
    // frame.vars is admitted inside exception.values (see exceptionValues), not as a field of its own.
    const paths = REPORT_FIELDS.filter((field) => admits(level, field.path) && field.path !== 'frame.vars').map((field) => field.path);
    return assembleEvent(candidate, paths);
  }

  private exceptionValues(input: ReportInput, texts: ErrorTexts, withLocals: boolean): ExceptionValue[] {
    return causeChain(input.error).map((error, index, all) => {
      const parsed = this.sources.code ? this.sources.code.frames(error.stack) : parseStack(error.stack);
      const frames = parsed.slice(-MAX_FRAMES).map((frame) => ({ ...frame, filename: texts.secrets(frame.filename), function: texts.text(frame.function, 200) }));
      const isCaught = index === all.length - 1;
      if (isCaught && withLocals && input.locals) attachLocals(frames, input.locals, texts);
      return {
        type: texts.secrets(errorType(error)),
        value: relativizePaths(texts.text(String(error.message))),
        ...(frames.length ? { stacktrace: { frames } } : {}),
        mechanism: { type: isCaught ? 'pitwall' : 'chained', handled: true },
      };
    });
  }

  private serverContext(attribution: Attribution, texts: ErrorTexts): Record<string, unknown> {
    const server = this.sources.server?.();
    const { DEDICATED, SANDBOX } = this.sources.settings;
    const context: Record<string, unknown> = {
      'contexts.runtime': { name: 'node', version: process.version },
      'contexts.os': { name: platform(), version: release() },
      'contexts.dedicated_config': this.redactor.value({ ...DEDICATED, sandbox: SANDBOX }),
    };
    if (server) {
      const info = server.info;
      context['contexts.server'] = this.redactor.value({
        login: info.login,
        name: info.name,
        version: info.version,
        build: info.build,
        title_id: info.titleId,
        mode_script: info.modeScript,
        api_version: info.apiVersion,
        status: info.status,
      });
      const map = server.currentMap;
      if (map) context['contexts.map'] = this.redactor.value({ name: map.name, uid: map.uid, file: map.fileName, environment: map.environment });
    }
    if (attribution.event) context['contexts.event'] = { name: texts.secrets(attribution.event.name), payload: texts.value(attribution.event.payload) };
    return context;
  }
}

/**
 * The error and its linked causes (`cause`, and the members of an AggregateError), at most 1 + MAX_CAUSES,
 * in Sentry's order: the root cause first, the error caught last. Core reports and app feeds share it.
 */
export function causeChain(error: Error): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length <= MAX_CAUSES && !chain.includes(current)) {
    chain.push(current);
    if (current instanceof AggregateError) for (const inner of current.errors.slice(0, MAX_CAUSES)) if (inner instanceof Error) chain.push(inner);
    current = current.cause;
  }
  return chain.slice(0, MAX_CAUSES + 1).reverse();
}

function attachLocals(frames: StackFrame[], locals: Record<string, unknown>, texts: ErrorTexts): void {
  const top = [...frames].reverse().find((frame) => frame.in_app);
  if (top) top.vars = texts.value(locals) as Record<string, unknown>;
}

/**
 * Copies the fields at `paths` (flat 'a.b' keys of `candidate`) into a nested Sentry event: the one place
 * where a report is assembled from an allow-list, for core reports and app feeds alike.
 */
export function assembleEvent(candidate: Record<string, unknown>, paths: readonly string[]): SentryEvent {
  const event: Record<string, unknown> = {};
  for (const path of paths) {
    const value = candidate[path];
    if (value === undefined) continue;
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail === undefined) event[head] = value;
    else if (head === 'exception') event.exception = { values: value };
    else ((event[head] ??= {}) as Record<string, unknown>)[tail] = value;
  }
  return event as SentryEvent;
}
