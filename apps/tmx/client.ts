import got, { HTTPError, RequestError, TimeoutError } from 'got';
import { retryAfterMs } from '../../core/index.js';

/** A map as TMX lists it (api/maps with the fields below). */
export interface TmxMap {
  id: number;
  uid: string;
  /** The name without formatting, as TMX shows it. */
  name: string;
  /** The name as the map file has it, with formatting codes. */
  gbxName: string;
  author: string;
  /** The author medal time, in ms. */
  lengthMs: number;
  awards: number;
}

/** The fields asked of api/maps: TMX answers only the fields a request names. */
const FIELDS = 'MapId,MapUid,Name,GbxMapName,Uploader.Name,Length,AwardCount';

export interface TmxClientOptions {
  url: () => string;
  userAgent: () => string;
  maxMapBytes: () => number;
  timeoutMs: () => number;
  now?: () => number;
}

/** Why a TMX request did not give what was asked; `message` is the answer for the player who asked. */
export class TmxError extends Error {
  override name = 'TmxError';
}

/** How long a TMX answer about maps is reused: search results and map details change rarely. */
const CACHE_MS = 5 * 60_000;

/**
 * Trackmania Exchange's API as its documentation and the peers use it: `api/maps` (by id, uid, name, map
 * pack or at random) with a fields list, `mapgbx/{id}` for the file. Every request names Pitwall and the
 * owner in its User-Agent (TMX asks for one), answers are cached, and a 429 pauses every request for as
 * long as its Retry-After says.
 */
export class TmxClient {
  private readonly cache = new Map<string, { at: number; maps: TmxMap[] }>();
  private pausedUntil = 0;

  constructor(private readonly options: TmxClientOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async byId(id: number): Promise<TmxMap | undefined> {
    return (await this.search({ id: String(id) }))[0];
  }

  async byUid(uid: string): Promise<TmxMap | undefined> {
    return (await this.search({ uid }))[0];
  }

  async byName(words: string, count = 20): Promise<TmxMap[]> {
    return this.search({ name: words, count: String(count) });
  }

  async pack(id: number): Promise<TmxMap[]> {
    return this.search({ mappackid: String(id), count: '100' });
  }

  /** One map picked by TMX at random (never cached). */
  async random(): Promise<TmxMap | undefined> {
    return (await this.search({ random: '1', count: '1' }, false))[0];
  }

  /** The map file's bytes, checked: a GBX file, not larger than maxMapBytes, of a type that can be one. */
  async download(map: { id: number; name: string }): Promise<Buffer> {
    const what = `TMX map #${map.id}${map.name ? ` (${map.name})` : ''}`;
    const max = this.options.maxMapBytes();
    const body = await this.request(`mapgbx/${map.id}`, {}, what, 'buffer', max);
    if (body.length < 3 || body.toString('latin1', 0, 3) !== 'GBX') throw new TmxError(`${what} is not a map file (it does not start as a GBX file does); nothing was added.`);
    return body;
  }

  private async search(query: Record<string, string>, cached = true): Promise<TmxMap[]> {
    const key = new URLSearchParams(query).toString();
    const hit = cached ? this.cache.get(key) : undefined;
    if (hit && this.now() - hit.at < CACHE_MS) return hit.maps;
    const text = (await this.request('api/maps', { fields: FIELDS, ...query }, 'TMX', 'text')).toString('utf8');
    let results: unknown;
    try {
      results = (JSON.parse(text) as { Results?: unknown }).Results;
    } catch {
      throw new TmxError('TMX answered with something that is not JSON; try again later.');
    }
    if (!Array.isArray(results)) throw new TmxError('TMX answered without a list of maps; try again later.');
    const maps = results.flatMap((entry) => toMap(entry));
    if (cached) this.cache.set(key, { at: this.now(), maps });
    return maps;
  }

  private async request(path: string, query: Record<string, string>, what: string, kind: 'text' | 'buffer', maxBytes?: number): Promise<Buffer> {
    const wait = this.pausedUntil - this.now();
    if (wait > 0) throw new TmxError(`TMX is limiting requests: try again in ${Math.ceil(wait / 1000)} s.`);
    const url = new URL(path, this.options.url().replace(/\/?$/, '/'));
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const timeout = this.options.timeoutMs();
    let tooLarge: string | undefined;
    try {
      const request = got(url, { headers: { 'user-agent': this.options.userAgent() }, timeout: { request: timeout }, retry: { limit: 0 }, responseType: 'buffer', throwHttpErrors: true });
      if (maxBytes !== undefined) {
        request.on('downloadProgress', (progress: { transferred: number; total?: number }) => {
          const size = progress.total ?? progress.transferred;
          if (size <= maxBytes || tooLarge) return;
          tooLarge = progress.total === undefined ? `${what} is over ${maxBytes} bytes, the limit (APP_SETTINGS.tmx.maxMapBytes).` : `${what} is ${progress.total} bytes, over the limit of ${maxBytes} bytes (APP_SETTINGS.tmx.maxMapBytes).`;
          request.cancel();
        });
      }
      const response = await request;
      const type = String(response.headers['content-type'] ?? '');
      if (kind === 'buffer' && /^(text\/|application\/json)/i.test(type)) throw new TmxError(`${what} came back as ${type.split(';')[0]}, not a map file; nothing was added.`);
      return response.body;
    } catch (error) {
      if (tooLarge) throw new TmxError(tooLarge);
      throw this.explain(error, what, timeout);
    }
  }

  private explain(error: unknown, what: string, timeout: number): Error {
    if (error instanceof TmxError) return error;
    if (error instanceof HTTPError) {
      const status = error.response.statusCode;
      if (status === 404) return new TmxError(`${what === 'TMX' ? 'TMX' : what} was not found on TMX.`);
      if (status === 429) {
        const ms = retryAfterMs(String(error.response.headers['retry-after'] ?? ''), this.now()) ?? 60_000;
        this.pausedUntil = this.now() + ms;
        return new TmxError(`TMX is limiting requests: try again in ${Math.ceil(ms / 1000)} s.`);
      }
      return new TmxError(`TMX answered ${status} for ${what}; try again later.`);
    }
    if (error instanceof TimeoutError) return new TmxError(`TMX did not answer within ${timeout} ms; try again later.`);
    if (error instanceof RequestError) return new TmxError(`TMX could not be reached (${error.code}); try again later.`);
    return error instanceof Error ? error : new Error(String(error));
  }
}

function toMap(entry: unknown): TmxMap[] {
  const value = (entry ?? {}) as Record<string, unknown>;
  const id = Number(value.MapId);
  if (!Number.isSafeInteger(id) || id <= 0 || typeof value.MapUid !== 'string') return [];
  const uploader = (value.Uploader ?? {}) as { Name?: unknown };
  return [
    {
      id,
      uid: value.MapUid,
      name: String(value.Name ?? ''),
      gbxName: String(value.GbxMapName ?? value.Name ?? ''),
      author: String(uploader.Name ?? ''),
      lengthMs: Number(value.Length ?? 0),
      awards: Number(value.AwardCount ?? 0),
    },
  ];
}
