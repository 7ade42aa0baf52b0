import type { AppInfo } from '../apps/registry.js';
import type { Settings } from '../config/schema.js';
import type { ExceptionHandler } from './exception-handler.js';
import type { ReportingLevel } from './fields.js';

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

/** What `pitwall reporting preview` prints: a line saying where it would go, then the exact body. */
export function previewReport(handler: ExceptionHandler, settings: Settings, level: ReportingLevel): { note: string; body: string } {
  const attribution = {
    app: 'records',
    appVersion: '1.0.0',
    event: { name: 'playerChat', payload: { login: 'example-player', text: '/records', isCommand: true, channel: 'normal' } },
  };
  const preview = handler.preview(sampleError(), attribution, level);
  if (!preview) return { note: 'LOGGING_REPORTING is 0: nothing is reported, nothing leaves this machine.', body: '' };
  const destination = settings.REPORTING_DSN ? `sent to ${new URL(settings.REPORTING_DSN).host}` : `written to ${settings.DATA_DIR}/reports (REPORTING_DSN is empty)`;
  return {
    note: `At LOGGING_REPORTING = ${level}, this sample error would be ${destination}. Nothing was sent.`,
    body: preview.body,
  };
}

/** What `pitwall reporting preview --app <id>` prints: the feed that app's developers would receive. */
export function previewFeed(handler: ExceptionHandler, apps: readonly AppInfo[], appId: string): { note: string; body: string } {
  const app = apps.find((info) => info.id === appId);
  const attribution = { app: appId, appVersion: app?.version, event: { name: 'playerChat', payload: { login: 'example-player', text: '/records' } } };
  const preview = handler.previewFeed(sampleError(), attribution, appId, apps);
  if (typeof preview === 'string') return { note: `${preview} Nothing would be sent to its developers.`, body: '' };
  return { note: `The developers of '${appId}' would receive this at ${new URL(app!.reporting!.dsn).host} for the sample error. Nothing was sent.`, body: preview.body };
}
