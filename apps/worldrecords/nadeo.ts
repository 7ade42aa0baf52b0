import got, { HTTPError, RequestError, TimeoutError } from 'got';
import { retryAfterMs } from '../../core/index.js';

/** One entry of a map's world leaderboard. */
export interface WorldRecord {
  position: number;
  accountId: string;
  /** The time in ms; -1 when the map's author hides scores past a threshold. */
  time: number;
  zone: string;
}

export interface NadeoOptions {
  coreUrl: () => string;
  liveUrl: () => string;
  login: () => string;
  password: () => string;
  userAgent: () => string;
  timeoutMs: () => number;
  now?: () => number;
}

/** Why Nadeo's services did not give what was asked; the message is the answer for a player or the log. */
export class NadeoError extends Error {
  override name = 'NadeoError';
}

type Audience = 'NadeoLiveServices' | 'NadeoServices';
interface Tokens {
  access: string;
  refresh: string;
  /** When the access token expires (ms), read from its own `exp`, a minute early. */
  expiresAt: number;
}

/**
 * Nadeo's live services with a dedicated server account, as Openplanet's API documentation describes them:
 * a token from `POST <core>/v2/authentication/token/basic` (Basic auth with the server account, the audience in
 * the body), refreshed through `POST <core>/v2/authentication/token/refresh`, and sent as `nadeo_v1 t=<token>`;
 * a map's top from `GET <live>/api/token/leaderboard/group/Personal_Best/map/<uid>/top?length&onlyWorld=true`,
 * a time's world position from `POST <live>/api/token/leaderboard/group/map?scores[<uid>]=<time>`, and names
 * from `GET <core>/accounts/displayNames/?accountIdList=` (which may refuse server accounts: 401). Every request
 * names the owner in its User-Agent, as Nadeo asks; a 429 pauses every request for its Retry-After.
 */
export class NadeoServices {
  private readonly tokens = new Map<Audience, Tokens>();
  private pausedUntil = 0;

  constructor(private readonly options: NadeoOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async top(mapUid: string, length: number): Promise<WorldRecord[]> {
    const url = `${this.base('live')}/api/token/leaderboard/group/Personal_Best/map/${encodeURIComponent(mapUid)}/top?length=${length}&onlyWorld=true&offset=0`;
    const body = (await this.authorized('NadeoLiveServices', 'GET', url)) as { tops?: { zoneName?: string; top?: unknown[] }[] };
    const world = body.tops?.[0]?.top ?? [];
    return world.flatMap((entry) => {
      const value = (entry ?? {}) as Record<string, unknown>;
      if (typeof value.accountId !== 'string' || !Number.isSafeInteger(value.position)) return [];
      return [{ position: Number(value.position), accountId: value.accountId, time: Number(value.score ?? -1), zone: String(value.zoneName ?? '') }];
    });
  }

  /** Where a time would rank in the map's world leaderboard (1 is the world record), or undefined. */
  async positionOf(mapUid: string, time: number): Promise<number | undefined> {
    const url = `${this.base('live')}/api/token/leaderboard/group/map?scores[${encodeURIComponent(mapUid)}]=${time}`;
    const body = (await this.authorized('NadeoLiveServices', 'POST', url, { maps: [{ mapUid, groupUid: 'Personal_Best' }] })) as { zones?: { zoneName?: string; ranking?: { position?: number } }[] }[];
    const zones = Array.isArray(body) ? body[0]?.zones ?? [] : [];
    const position = zones.find((zone) => zone.zoneName === 'World')?.ranking?.position;
    return typeof position === 'number' ? position : undefined;
  }

  /** Display names by account id (at most 50 per request, as the endpoint allows). */
  async displayNames(accountIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (let start = 0; start < accountIds.length; start += 50) {
      const batch = accountIds.slice(start, start + 50);
      const body = await this.authorized('NadeoServices', 'GET', `${this.base('core')}/accounts/displayNames/?accountIdList=${batch.map(encodeURIComponent).join(',')}`);
      if (Array.isArray(body)) for (const entry of body as { accountId?: unknown; displayName?: unknown }[]) if (typeof entry.accountId === 'string' && typeof entry.displayName === 'string') names.set(entry.accountId, entry.displayName);
    }
    return names;
  }

  private base(which: 'core' | 'live'): string {
    return (which === 'core' ? this.options.coreUrl() : this.options.liveUrl()).replace(/\/+$/, '');
  }

  /** A request with the audience's token: an expired or refused one is refreshed (or got anew) and the request made once more. */
  private async authorized(audience: Audience, method: 'GET' | 'POST', url: string, json?: unknown): Promise<unknown> {
    let tokens = await this.tokenFor(audience);
    try {
      return await this.request(method, url, { authorization: `nadeo_v1 t=${tokens.access}` }, json);
    } catch (error) {
      if (!(error instanceof HTTPError && error.response.statusCode === 401)) throw this.explain(error);
      this.tokens.delete(audience);
      tokens = await this.tokenFor(audience, tokens);
      try {
        return await this.request(method, url, { authorization: `nadeo_v1 t=${tokens.access}` }, json);
      } catch (again) {
        if (again instanceof HTTPError && again.response.statusCode === 401) {
          throw new NadeoError(`Nadeo refused the dedicated server account for ${audience === 'NadeoServices' ? 'player names' : 'world records'} (401).`);
        }
        throw this.explain(again);
      }
    }
  }

  /** The audience's tokens: kept ones while valid, else refreshed from `stale`, else new from the account. */
  private async tokenFor(audience: Audience, stale?: Tokens): Promise<Tokens> {
    const kept = this.tokens.get(audience);
    if (kept && kept.expiresAt > this.now()) return kept;
    const refreshToken = (kept ?? stale)?.refresh;
    let answer: unknown;
    if (refreshToken) {
      answer = await this.request('POST', `${this.base('core')}/v2/authentication/token/refresh`, { authorization: `nadeo_v1 t=${refreshToken}` }).catch(() => undefined);
    }
    if (!answer) {
      const basic = Buffer.from(`${this.options.login()}:${this.options.password()}`).toString('base64');
      try {
        answer = await this.request('POST', `${this.base('core')}/v2/authentication/token/basic`, { authorization: `Basic ${basic}` }, { audience });
      } catch (error) {
        if (error instanceof HTTPError && (error.response.statusCode === 401 || error.response.statusCode === 403)) {
          throw new NadeoError(`Nadeo refused the dedicated server account '${this.options.login()}' (${error.response.statusCode}): check its login and password (the <masterserver_account> of dedicated_cfg.txt).`);
        }
        throw this.explain(error);
      }
    }
    const { accessToken, refreshToken: refresh } = (answer ?? {}) as { accessToken?: unknown; refreshToken?: unknown };
    if (typeof accessToken !== 'string' || typeof refresh !== 'string') throw new NadeoError('Nadeo answered the login without tokens; try again later.');
    const tokens = { access: accessToken, refresh, expiresAt: expiryOf(accessToken, this.now()) };
    this.tokens.set(audience, tokens);
    return tokens;
  }

  private async request(method: 'GET' | 'POST', url: string, headers: Record<string, string>, json?: unknown): Promise<unknown> {
    const wait = this.pausedUntil - this.now();
    if (wait > 0) throw new NadeoError(`Nadeo is limiting requests: world records come again in ${Math.ceil(wait / 1000)} s.`);
    try {
      return await got(url, {
        method,
        headers: { 'user-agent': this.options.userAgent(), ...headers },
        ...(json !== undefined ? { json } : {}),
        timeout: { request: this.options.timeoutMs() },
        retry: { limit: 0 },
      }).json();
    } catch (error) {
      if (error instanceof HTTPError && error.response.statusCode === 429) {
        const ms = retryAfterMs(String(error.response.headers['retry-after'] ?? ''), this.now()) ?? 60_000;
        this.pausedUntil = this.now() + ms;
        throw new NadeoError(`Nadeo is limiting requests: world records come again in ${Math.ceil(ms / 1000)} s.`);
      }
      throw error;
    }
  }

  private explain(error: unknown): Error {
    if (error instanceof NadeoError) return error;
    if (error instanceof TimeoutError) return new NadeoError(`Nadeo did not answer within ${this.options.timeoutMs()} ms; world records come at the next map.`);
    if (error instanceof HTTPError) return new NadeoError(`Nadeo answered ${error.response.statusCode}; world records come at the next map.`);
    if (error instanceof RequestError) return new NadeoError(`Nadeo could not be reached (${error.code}); world records come at the next map.`);
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** An access token's `exp` (a JWT), a minute early; an hour from now when it cannot be read. */
function expiryOf(token: string, now: number): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof payload.exp === 'number') return payload.exp * 1000 - 60_000;
  } catch {
    // Not a JWT: assume the documented hour.
  }
  return now + 3_600_000 - 60_000;
}
