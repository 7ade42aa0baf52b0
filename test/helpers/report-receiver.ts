import { parseEnvelope } from '@sentry/core';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { waitFor } from './core.js';

export type ReceiverAnswer = { status: number; headers?: Record<string, string> } | 'hang';

export interface ReceivedEnvelope {
  /** When the request arrived (ms since 1970). */
  at: number;
  url: string;
  auth: string | undefined;
  raw: string;
  /** The event item's payload, parsed by Sentry's own envelope parser. */
  event: Record<string, unknown>;
}

export interface ReportReceiver {
  port: number;
  /** A DSN pointing at this receiver. */
  dsn: string;
  /** Envelopes answered with 2xx (what a real server would have stored). */
  accepted: ReceivedEnvelope[];
  /** Every request, whatever it was answered. */
  requests: ReceivedEnvelope[];
  /** Answers for the next requests, in order; afterwards 200. */
  answerNext(...answers: ReceiverAnswer[]): void;
  waitForAccepted(count: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** A loopback Sentry-protocol receiver: parses envelopes and answers as told (200, 429, 413, 500, hang). */
export async function startReportReceiver(projectId = '7', key = 'publickey123'): Promise<ReportReceiver> {
  const queue: ReceiverAnswer[] = [];
  const accepted: ReceivedEnvelope[] = [];
  const requests: ReceivedEnvelope[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let event: Record<string, unknown> = {};
      try {
        const [, items] = parseEnvelope(raw);
        const payload = items[0]?.[1];
        // The parser hands back item bodies as bytes unless it knows their type well enough to decode them.
        event = (payload instanceof Uint8Array ? JSON.parse(Buffer.from(payload).toString('utf8')) : payload ?? {}) as Record<string, unknown>;
      } catch {
        // Recorded as received; the test asserts on what it expected.
      }
      const received = { at: Date.now(), url: request.url ?? '', auth: request.headers['x-sentry-auth'] as string | undefined, raw, event };
      requests.push(received);
      const answer = queue.shift() ?? { status: 200 };
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      if (answer.status >= 200 && answer.status < 300) accepted.push(received);
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.status < 300 ? JSON.stringify({ id: event.event_id }) : '{"detail":"no"}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    port,
    dsn: `http://${key}@127.0.0.1:${port}/${projectId}`,
    accepted,
    requests,
    answerNext: (...answers) => void queue.push(...answers),
    waitForAccepted: (count, ms = 10_000) => waitFor(() => accepted.length >= count, `${count} accepted envelope(s), have ${accepted.length}`, ms),
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
