import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type ReceiverAnswer = { status: number; headers?: Record<string, string> } | 'hang';

export interface ReceivedRequest {
  /** When the request arrived (ms since 1970). */
  at: number;
  url: string;
  headers: IncomingMessage['headers'];
  raw: string;
}

export interface HttpReceiver<T extends ReceivedRequest = ReceivedRequest> {
  port: number;
  origin: string;
  /** Every request, whatever it was answered. */
  requests: T[];
  /** Requests answered with 2xx. */
  accepted: T[];
  /** Answers for the next requests, in order; afterwards 200. */
  answerNext(...answers: ReceiverAnswer[]): void;
  /** Resolves when the count is reached (checked at each request); `ms` only bounds a wait that went wrong. */
  waitForRequests(count: number, ms?: number): Promise<void>;
  waitForAccepted(count: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback HTTP endpoint that records request bodies and answers as told (200, 429, 413, 500, or hangs).
 * `decorate` adds what a protocol-specific receiver parses out of each request.
 */
export async function startHttpReceiver<T extends ReceivedRequest = ReceivedRequest>(
  decorate: (request: ReceivedRequest) => T = (request) => request as T,
): Promise<HttpReceiver<T>> {
  const queue: ReceiverAnswer[] = [];
  const requests: T[] = [];
  const accepted: T[] = [];
  const hanging = new Set<ServerResponse>();
  const arrivals = new EventEmitter();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = decorate({ at: Date.now(), url: request.url ?? '', headers: request.headers, raw: Buffer.concat(chunks).toString('utf8') });
      requests.push(received);
      const answer = queue.shift() ?? { status: 200 };
      if (answer === 'hang') {
        hanging.add(response);
        arrivals.emit('request');
        return;
      }
      if (answer.status >= 200 && answer.status < 300) accepted.push(received);
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.status < 300 ? '{"status":"ok"}' : '{"detail":"refused"}');
      arrivals.emit('request');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const arrived = (done: () => boolean, what: () => string, ms = 120_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (done()) return resolve();
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        arrivals.off('request', check);
        resolve();
      };
      const timer = setTimeout(() => {
        arrivals.off('request', check);
        reject(new Error(`Timed out after ${ms} ms waiting for ${what()}`));
      }, ms);
      arrivals.on('request', check);
    });
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    answerNext: (...answers) => void queue.push(...answers),
    waitForRequests: (count, ms) => arrived(() => requests.length >= count, () => `${count} request(s), have ${requests.length}`, ms),
    waitForAccepted: (count, ms) => arrived(() => accepted.length >= count, () => `${count} accepted request(s), have ${accepted.length}`, ms),
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
