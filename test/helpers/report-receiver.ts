import { parseEnvelope } from '@sentry/core';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from './http-receiver.js';

export interface ReceivedEnvelope extends ReceivedRequest {
  auth: string | undefined;
  /** The event item's payload, parsed by Sentry's own envelope parser. */
  event: Record<string, unknown>;
}

export interface ReportReceiver extends HttpReceiver<ReceivedEnvelope> {
  /** A DSN pointing at this receiver. */
  dsn: string;
}

/** A loopback Sentry-protocol receiver: an HTTP receiver whose requests are parsed as envelopes. */
export async function startReportReceiver(projectId = '7', key = 'publickey123'): Promise<ReportReceiver> {
  const http = await startHttpReceiver((request) => ({
    ...request,
    auth: request.headers['x-sentry-auth'] as string | undefined,
    event: parseEvent(request.raw),
  }));
  return Object.assign(http, { dsn: `http://${key}@127.0.0.1:${http.port}/${projectId}` });
}

function parseEvent(raw: string): Record<string, unknown> {
  try {
    const [, items] = parseEnvelope(raw);
    const payload = items[0]?.[1];
    // The parser hands back item bodies as bytes unless it knows their type well enough to decode them.
    return (payload instanceof Uint8Array ? JSON.parse(Buffer.from(payload).toString('utf8')) : payload ?? {}) as Record<string, unknown>;
  } catch {
    return {};
  }
}
