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

/**
 * Why `body` is not an envelope this controller would have written (header with an event id, one event item
 * whose length matches, a JSON object as the event), or undefined when it is one.
 */
export function checkEnvelope(body: string): string | undefined {
  if (body.length === 0) return 'it is empty';
  const [headerLine, itemLine, ...rest] = body.split('\n');
  const eventJson = rest.join('\n').replace(/\n$/, '');
  try {
    const header = JSON.parse(headerLine!) as { event_id?: unknown } | null;
    const item = JSON.parse(itemLine ?? '') as { type?: unknown; length?: unknown } | null;
    if (typeof header?.event_id !== 'string') return 'it is not a Sentry envelope (no event id in its header)';
    if (item?.type !== 'event' || item.length !== Buffer.byteLength(eventJson, 'utf8')) return 'it is not a Sentry envelope (its item header does not match the event)';
    const event = JSON.parse(eventJson) as unknown;
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return 'it is not a Sentry envelope (the event is not a JSON object)';
  } catch {
    return 'it is not a Sentry envelope (a line is not JSON)';
  }
  return undefined;
}
