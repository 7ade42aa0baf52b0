import assert from 'node:assert/strict';
import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): any;
}

/** One HTTP request over loopback (node:http, so any Host or Origin header can be sent). */
export function http(base: string, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface LiveEvent {
  event: string;
  data: any;
}

/** A logged-in dashboard user: the session cookie and CSRF token, and helpers to call the API. */
export class DashboardUser {
  private constructor(
    readonly base: string,
    readonly cookie: string,
    readonly csrf: string,
  ) {}

  /** Logs in with a one-time link, as a browser would (the form posts the token). */
  static async login(link: string): Promise<DashboardUser> {
    const url = new URL(link);
    const token = url.searchParams.get('token')!;
    const answer = await http(url.origin, 'POST', '/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}` });
    assert.equal(answer.status, 303, answer.text);
    const cookie = String(answer.headers['set-cookie']).split(';')[0]!;
    const session = await http(url.origin, 'GET', '/api/session', { headers: { cookie } });
    assert.equal(session.status, 200, session.text);
    return new DashboardUser(url.origin, cookie, session.json().csrf as string);
  }

  get(path: string): Promise<HttpAnswer> {
    return http(this.base, 'GET', path, { headers: { cookie: this.cookie } });
  }

  post(path: string, body: unknown = {}, headers: Record<string, string> = { 'x-csrf-token': this.csrf }): Promise<HttpAnswer> {
    return http(this.base, 'POST', path, { headers: { cookie: this.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  }

  /** Opens the live stream; `next` resolves with the first event (already received or to come) that matches. */
  async events(): Promise<{ next(match: (event: LiveEvent) => boolean, what: string, ms?: number): Promise<LiveEvent>; close(): void }> {
    const controller = new AbortController();
    const response = await fetch(new URL('/api/events', this.base), { headers: { cookie: this.cookie }, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const received: LiveEvent[] = [];
    const waiters = new Set<() => void>();
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (event && data) received.push({ event, data: JSON.parse(data) });
            for (const waiter of waiters) waiter();
          }
        }
      } catch {
        // Aborted by close().
      }
    })();
    return {
      next(match, what, ms = 10_000) {
        return new Promise((resolve, reject) => {
          let seen = 0;
          const check = (): void => {
            for (; seen < received.length; seen++) {
              if (match(received[seen]!)) {
                clearTimeout(timer);
                waiters.delete(check);
                return resolve(received[seen]!);
              }
            }
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`no live event ${what} within ${ms} ms; received: ${JSON.stringify(received.map((each) => each.event))}`));
          }, ms);
          waiters.add(check);
          check();
        });
      },
      close: () => controller.abort(),
    };
  }
}
