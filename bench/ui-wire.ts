/**
 * What the controller's GbxRemote socket carries, timed in the controller's process: each WayPoint callback
 * as its frame is read (before decoding), and each write that carries ManiaLink pages (which pages, to whom,
 * how many calls and bytes). The bench's clock runs from the first to the second.
 */
import { GbxClient } from '../core/gbx/client.js';
import { RequestWriter } from '../core/gbx/request-writer.js';

/** One ManiaLink page in a write: its id and who it went to ('*' for everyone). */
export interface SentPage {
  id: string;
  to: string;
}

export interface WireWrite {
  at: number;
  /** Calls that show a ManiaLink page, and the bytes of the whole write. */
  calls: number;
  bytes: number;
  pages: SentPage[];
}

export interface WayPointFrame {
  at: number;
  login: string;
  endRace: boolean;
}

export interface WireProbe {
  onWayPoint(listener: (frame: WayPointFrame) => void): () => void;
  onWrite(listener: (write: WireWrite) => void): () => void;
  restore(): void;
}

type Internals = {
  onFrame(handle: number, body: Buffer, oversize: number | undefined): void;
  send(method: string, params: readonly unknown[]): Promise<unknown>;
  flushFrames(): void;
};

const WAYPOINT = Buffer.from('Trackmania.Event.WayPoint');
const LOGIN = /"login"\s*:\s*"([^"]+)"/;
const ID = /^<manialink id="([^"]+)"/;

function pageOf(method: string, params: readonly unknown[]): SentPage | undefined {
  if (method === 'SendDisplayManialinkPage') return { id: ID.exec(String(params[0]))?.[1] ?? '?', to: '*' };
  if (method === 'SendDisplayManialinkPageToLogin') return { id: ID.exec(String(params[1]))?.[1] ?? '?', to: String(params[0]) };
  return undefined;
}

/** Patches the GbxClient and RequestWriter prototypes until restore(). */
export function probeWire(): WireProbe {
  const client = GbxClient.prototype as unknown as Internals;
  const writer = RequestWriter.prototype;
  const original = { onFrame: client.onFrame, send: client.send, flushFrames: client.flushFrames, take: writer.take };
  const wayPointListeners = new Set<(frame: WayPointFrame) => void>();
  const writeListeners = new Set<(write: WireWrite) => void>();
  let pages: SentPage[] = [];
  let calls = 0;
  let taken = 0;
  client.onFrame = function (this: GbxClient, handle, body, oversize) {
    if (wayPointListeners.size > 0 && body.indexOf(WAYPOINT) !== -1) {
      const at = performance.now();
      const text = body.toString('utf8').replaceAll('&quot;', '"');
      const frame = { at, login: LOGIN.exec(text)?.[1] ?? '?', endRace: /"isendrace"\s*:\s*true/.test(text) };
      for (const listener of wayPointListeners) listener(frame);
    }
    return original.onFrame.call(this, handle, body, oversize);
  };
  client.send = function (this: GbxClient, method, params) {
    const found = method === 'system.multicall'
      ? ((params[0] as { methodName: string; params: unknown[] }[]) ?? []).map((entry) => pageOf(entry.methodName, entry.params))
      : [pageOf(method, params)];
    for (const page of found) {
      if (!page) continue;
      pages.push(page);
      calls++;
    }
    return original.send.call(this, method, params);
  };
  writer.take = function (this: RequestWriter) {
    const frames = original.take.call(this);
    taken += frames.length;
    return frames;
  };
  client.flushFrames = function (this: GbxClient) {
    original.flushFrames.call(this);
    const at = performance.now();
    if (pages.length > 0) {
      const write: WireWrite = { at, calls, bytes: taken, pages };
      for (const listener of writeListeners) listener(write);
    }
    pages = [];
    calls = 0;
    taken = 0;
  };
  const subscribe = <T>(set: Set<(value: T) => void>, listener: (value: T) => void): (() => void) => {
    set.add(listener);
    return () => void set.delete(listener);
  };
  return {
    onWayPoint: (listener) => subscribe(wayPointListeners, listener),
    onWrite: (listener) => subscribe(writeListeners, listener),
    restore() {
      Object.assign(client, { onFrame: original.onFrame, send: original.send, flushFrames: original.flushFrames });
      writer.take = original.take;
    },
  };
}
