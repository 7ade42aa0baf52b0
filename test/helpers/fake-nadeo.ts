import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeNadeo {
  url: string;
  /** Every request: method, path with query, authorization header, user agent, body. */
  readonly requests: { method: string; path: string; authorization: string; userAgent: string; body: string }[];
  /** The world top of each map uid. */
  tops: Map<string, { accountId: string; score: number; zoneName: string }[]>;
  names: Map<string, string>;
  /** Answer the next leaderboard request with 401 (an access token Nadeo no longer takes). */
  expireNextAccess: boolean;
  /** Refuse refresh tokens (expired after a day). */
  refuseRefresh: boolean;
  /** Refuse display names (as Nadeo does for dedicated server accounts). */
  refuseNames: boolean;
  /** 429 with this Retry-After on the next leaderboard request. */
  rateLimitNext?: number;
  /** Hold leaderboard requests without an answer. */
  slow: boolean;
  close(): Promise<void>;
}

const jwt = (payload: Record<string, unknown>): string =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

/**
 * A loopback stand-in for Nadeo's core and live services with the shapes Openplanet's API documentation
 * (openplanet-nl/nadeoapi-docs: auth/dedi.md, auth/token.md, live/leaderboards/top.md and position.md,
 * core/accounts/display-names.md) gives: tokens are JWTs with `exp`, sent back as `nadeo_v1 t=<token>`.
 */
export async function startFakeNadeo(account: { login: string; password: string }): Promise<FakeNadeo> {
  let issued = 0;
  const valid = new Set<string>();
  const refreshes = new Set<string>();
  const held: ServerResponse[] = [];
  const fake: FakeNadeo = { url: '', requests: [], tops: new Map(), names: new Map(), expireNextAccess: false, refuseRefresh: false, refuseNames: false, slow: false, close: async () => undefined };
  const issue = (audience: string) => {
    issued++;
    const accessToken = jwt({ aud: audience, exp: Math.floor(Date.now() / 1000) + 3600, n: issued });
    const refreshToken = jwt({ aud: 'NadeoServices', refresh_aud: audience, exp: Math.floor(Date.now() / 1000) + 86_400, n: issued });
    valid.add(accessToken);
    refreshes.add(refreshToken);
    return { accessToken, refreshToken };
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const authorization = String(request.headers.authorization ?? '');
      fake.requests.push({ method: request.method ?? '', path: `${url.pathname}${url.search}`, authorization, userAgent: String(request.headers['user-agent'] ?? ''), body });
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
        response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(value));
      const token = /^nadeo_v1 t=(.+)$/.exec(authorization)?.[1] ?? '';
      if (url.pathname === '/v2/authentication/token/basic' && request.method === 'POST') {
        const expected = `Basic ${Buffer.from(`${account.login}:${account.password}`).toString('base64')}`;
        if (authorization !== expected) return json(401, { code: 'C-AA-00-01', message: 'Invalid credentials.' });
        return json(200, issue(String((JSON.parse(body || '{}') as { audience?: string }).audience ?? 'NadeoServices')));
      }
      if (url.pathname === '/v2/authentication/token/refresh' && request.method === 'POST') {
        if (fake.refuseRefresh || !refreshes.has(token)) return json(401, { message: 'Invalid token.' });
        refreshes.delete(token);
        const audience = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { refresh_aud: string }).refresh_aud;
        return json(200, issue(audience));
      }
      const top = /^\/api\/token\/leaderboard\/group\/Personal_Best\/map\/([^/]+)\/top$/.exec(url.pathname);
      if (top || url.pathname === '/api/token/leaderboard/group/map') {
        if (fake.slow) return void held.push(response);
        if (fake.rateLimitNext !== undefined) {
          const seconds = fake.rateLimitNext;
          fake.rateLimitNext = undefined;
          return json(429, { message: 'Too many requests.' }, { 'Retry-After': String(seconds) });
        }
        if (fake.expireNextAccess) {
          fake.expireNextAccess = false;
          valid.delete(token);
        }
        if (!valid.has(token)) return json(401, { message: 'Invalid token.' });
        if (top) {
          const uid = decodeURIComponent(top[1]!);
          const length = Number(url.searchParams.get('length') ?? 5);
          const entries = (fake.tops.get(uid) ?? []).slice(0, length).map((entry, index) => ({ ...entry, zoneId: 'zone', position: index + 1, timestamp: 1_700_000_000 }));
          return json(200, { groupUid: 'Personal_Best', mapUid: uid, tops: [{ zoneId: 'world', zoneName: 'World', top: entries }] });
        }
        const [key, score] = [...url.searchParams.entries()][0] ?? ['', '0'];
        const uid = /^scores\[(.+)\]$/.exec(key)?.[1] ?? '';
        const position = (fake.tops.get(uid) ?? []).filter((entry) => entry.score < Number(score)).length + 1;
        return json(200, [{ groupUid: 'Personal_Best', mapUid: uid, score: Number(score), zones: [{ zoneId: 'world', zoneName: 'World', ranking: { position, length: 1000 } }] }]);
      }
      if (url.pathname === '/accounts/displayNames/') {
        if (fake.refuseNames || !valid.has(token)) return json(401, { message: 'Unauthorized.' });
        const ids = (url.searchParams.get('accountIdList') ?? '').split(',');
        return json(200, ids.filter((id) => fake.names.has(id)).map((id) => ({ accountId: id, displayName: fake.names.get(id), timestamp: '2020-07-01T15:05:34+00:00' })));
      }
      json(404, { message: 'Not found.' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
