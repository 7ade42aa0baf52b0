import type { Attribution } from '../apps/error-sink.js';
import type { AppInfo } from '../apps/registry.js';
import type { Settings } from '../config/schema.js';
import type { ExceptionHandler } from './exception-handler.js';
import type { ReportingLevel } from './fields.js';
import type { LoggedIncident } from './incidents.js';
import type { ReportKind } from './report.js';

/** A sample failure, shaped like a real one: an app handler reading a field of a missing map. */
export function sampleError(): Error {
  const handler = function onPlayerFinish(): never {
    throw new TypeError("Cannot read properties of undefined (reading 'uid')");
  };
  try {
    handler();
  } catch (error) {
    return error as Error;
  }
  return new Error('unreachable: the sample handler always throws');
}

/** The error a preview shows: the sample, or a real incident read back from the local log. */
export interface PreviewSubject {
  error: Error;
  attribution: Attribution;
  incident?: { id: string; kind: ReportKind; locals?: Record<string, unknown> };
}

/** The sample error, as if `app` had thrown it while handling a chat command. */
export function sampleSubject(app = 'records', appVersion = '1.0.0'): PreviewSubject {
  return {
    error: sampleError(),
    attribution: { app, appVersion, event: { name: 'playerChat', payload: { login: 'example-player', text: '/records', isCommand: true, channel: 'normal' } } },
  };
}

/** A logged incident as a preview's subject. */
export function incidentSubject(incident: LoggedIncident): PreviewSubject {
  return { error: incident.error, attribution: incident.attribution, incident: { id: incident.id, kind: incident.kind, ...(incident.locals ? { locals: incident.locals } : {}) } };
}

/** What `pitwall reporting preview` prints: a line saying where it would go, then the exact body. */
export function previewReport(handler: ExceptionHandler, settings: Settings, level: ReportingLevel, subject = sampleSubject()): { note: string; body: string } {
  const preview = handler.preview(subject.error, subject.attribution, level, subject.incident);
  if (!preview) return { note: 'LOGGING_REPORTING is 0: nothing is reported, nothing leaves this machine.', body: '' };
  const what = subject.incident ? `incident ${subject.incident.id} of '${subject.attribution.app}'` : 'this sample error';
  return { note: `At LOGGING_REPORTING = ${level}, ${what} would be ${destinationOf(settings)}. Nothing was sent.`, body: preview.body };
}

/**
 * What `pitwall reporting preview --app <id>` prints: at level 3 the feed that app's developers would
 * receive; below it, that they receive nothing (feeds exist at level 3 only) and what leaves instead.
 */
export function previewFeed(
  handler: ExceptionHandler,
  settings: Settings,
  apps: readonly AppInfo[],
  appId: string,
  level: ReportingLevel,
  subject?: PreviewSubject,
): { note: string; body: string } {
  const app = apps.find((info) => info.id === appId);
  if (!app) return { note: `There is no loaded app '${appId}'. Nothing would be sent to its developers.`, body: '' };
  const shown = subject ?? sampleSubject(appId, app.version);
  if (level < 3) {
    const what = shown.incident ? `incident ${shown.incident.id}` : 'the sample error';
    const nothing = `At LOGGING_REPORTING = ${level}, app feeds are off (they are sent at level 3 only): the developers of '${appId}' would receive nothing.`;
    const preview = handler.preview(shown.error, shown.attribution, level, shown.incident);
    if (!preview) return { note: `${nothing} Nothing leaves this machine: ${what} is in the local log only.`, body: '' };
    return { note: `${nothing} Only the core report below leaves for ${what}: it would be ${destinationOf(settings)}. Nothing was sent.`, body: preview.body };
  }
  const preview = handler.previewFeed(shown.error, shown.attribution, appId, apps, { anyLevel: true });
  if (typeof preview === 'string') return { note: `${preview} Nothing would be sent to its developers.`, body: '' };
  const what = shown.incident ? `incident ${shown.incident.id}` : 'the sample error';
  return { note: `The developers of '${appId}' would receive this at ${new URL(app.reporting!.dsn).host} for ${what}. Nothing was sent.`, body: preview.body };
}

function destinationOf(settings: Settings): string {
  return settings.REPORTING_DSN ? `sent to ${new URL(settings.REPORTING_DSN).host}` : `written to ${settings.DATA_DIR}/reports (REPORTING_DSN is empty)`;
}
