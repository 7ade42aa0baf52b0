import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mapFile } from './map-file.js';

/** One map of the fake Trackmania Exchange, with the fields its `api/maps` answers carry. */
export interface FakeTmxMap {
  MapId: number;
  MapUid: string;
  Name: string;
  GbxMapName: string;
  Uploader: { UserId: number; Name: string };
  Length: number;
  AwardCount: number;
  /** How /mapgbx/{id} answers: a real map file (default), or one of the failures TMX and the network produce. */
  download?: 'map' | 'not-found' | 'rate-limited' | 'slow' | 'oversize' | 'html' | 'not-a-map' | 'replay';
  /** The map packs it is in. */
  packs?: number[];
}

export interface FakeTmx {
  url: string;
  /** Every request, as path and query, in order. */
  readonly requests: { path: string; query: URLSearchParams; userAgent: string | undefined }[];
  maps: FakeTmxMap[];
  /** Answer every api request with 429 and this Retry-After until cleared. */
  rateLimitSeconds?: number;
  close(): Promise<void>;
}

export function tmxMap(id: number, name: string, fields: Partial<FakeTmxMap> = {}): FakeTmxMap {
  return {
    MapId: id,
    MapUid: `tmxUid${id}`.padEnd(27, '_'),
    Name: name,
    GbxMapName: `$s${name}`,
    Uploader: { UserId: 70 + id, Name: `mapper${id}` },
    Length: 40_000 + id,
    AwardCount: id % 7,
    ...fields,
  };
}

/**
 * A loopback stand-in for trackmania.exchange, answering as its API documentation (api2.mania.exchange, method
 * index 53 "Search Maps") and the peers that call it describe: `GET /api/maps?fields=...&id=|uid=|name=|
 * mappackid=|random=1&count=N` answers `{ More, Results: [...] }` with only the fields asked for;
 * `GET /mapgbx/{id}` answers the map file as application/x-gbx.
 */
export async function startFakeTmx(maps: FakeTmxMap[]): Promise<FakeTmx> {
  const fake: FakeTmx = { url: '', requests: [], maps, close: async () => undefined };
  const held: ServerResponse[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://fake-tmx');
    fake.requests.push({ path: url.pathname, query: url.searchParams, userAgent: request.headers['user-agent'] });
    if (fake.rateLimitSeconds !== undefined) {
      response.writeHead(429, { 'Retry-After': String(fake.rateLimitSeconds), 'Content-Type': 'text/plain' }).end('Too Many Requests');
      return;
    }
    if (url.pathname === '/api/maps') return answerSearch(url.searchParams, response);
    const download = /^\/mapgbx\/(\d+)$/.exec(url.pathname);
    if (download) return answerDownload(Number(download[1]), response);
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
  });
  const answerSearch = (query: URLSearchParams, response: ServerResponse): void => {
    let found = fake.maps;
    if (query.has('id')) found = found.filter((map) => query.get('id')!.split(',').includes(String(map.MapId)));
    if (query.has('uid')) found = found.filter((map) => map.MapUid === query.get('uid'));
    if (query.has('name')) found = found.filter((map) => map.Name.toLowerCase().includes(query.get('name')!.toLowerCase()));
    if (query.has('mappackid')) found = found.filter((map) => map.packs?.includes(Number(query.get('mappackid'))));
    // TMX picks one at random; the fake always picks its first map, so tests know which.
    if (query.get('random') === '1') found = found.slice(0, 1);
    const count = Number(query.get('count') ?? 40);
    const fields = (query.get('fields') ?? 'MapId').split(',');
    const pick = (map: FakeTmxMap): Record<string, unknown> =>
      Object.fromEntries(fields.map((field) => field.split('.')[0]!).map((field) => [field, (map as unknown as Record<string, unknown>)[field]]));
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ More: found.length > count, Results: found.slice(0, count).map(pick) }));
  };
  const answerDownload = (id: number, response: ServerResponse): void => {
    const map = fake.maps.find((entry) => entry.MapId === id);
    const kind = map?.download ?? (map ? 'map' : 'not-found');
    if (kind === 'not-found') return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Map not found');
    if (kind === 'rate-limited') return void response.writeHead(429, { 'Retry-After': '120', 'Content-Type': 'text/plain' }).end('Too Many Requests');
    if (kind === 'slow') return void held.push(response);
    if (kind === 'html') return void response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html><body>Maintenance</body></html>');
    if (kind === 'not-a-map') return void response.writeHead(200, { 'Content-Type': 'application/x-gbx' }).end(Buffer.from('PK\x03\x04 a zip archive'));
    // A GBX file of another class (a replay): it passes the signature check, and the server cannot load it as a map.
    if (kind === 'replay') return void response.writeHead(200, { 'Content-Type': 'application/x-gbx' }).end(Buffer.from('GBX\x06\x00BUCR\x00\x30\x09\x03 replay body'));
    const bytes = mapFile({ uid: map!.MapUid, name: map!.GbxMapName, author: map!.Uploader.Name, bodyBytes: kind === 'oversize' ? 300_000 : 2_000 });
    response.writeHead(200, { 'Content-Type': 'application/x-gbx', 'Content-Length': String(bytes.length), 'Content-Disposition': `attachment; filename="${map!.Name}.Map.Gbx"` }).end(bytes);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
