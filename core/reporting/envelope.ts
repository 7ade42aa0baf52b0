import { PITWALL_VERSION } from '../version.js';
import type { Dsn } from '../config/dsn.js';

/**
 * A Sentry envelope with one event item: a JSON header line, an item header line, the event JSON. Sentry,
 * GlitchTip and Bugsink accept it at /api/<project>/envelope/.
 */
export function serializeEnvelope(event: { event_id: string }, eventJson: string = JSON.stringify(event)): string {
  const header = JSON.stringify({ event_id: event.event_id, sent_at: new Date().toISOString(), sdk: { name: 'pitwall', version: PITWALL_VERSION } });
  const item = JSON.stringify({ type: 'event', length: Buffer.byteLength(eventJson, 'utf8'), content_type: 'application/json' });
  return `${header}\n${item}\n${eventJson}\n`;
}

/** The headers of an envelope POST; the key goes in X-Sentry-Auth, never in a URL that could be logged. */
export function envelopeHeaders(dsn: Dsn): Record<string, string> {
  return {
    'content-type': 'application/x-sentry-envelope',
    'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${dsn.publicKey}, sentry_client=pitwall/${PITWALL_VERSION}`,
    'user-agent': `pitwall/${PITWALL_VERSION}`,
  };
}
