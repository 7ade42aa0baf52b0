import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { encodeCall, type XmlRpcValue } from '../../core/gbx/codec.js';
import { encodeFrame, isResponseHandle } from '../../core/gbx/framing.js';

/**
 * A TCP relay between a GbxRemote client and a server that can hold what the server sends and then pass it
 * on in one write, as a busy server does when several callbacks leave in the same TCP segment.
 */
export interface GbxRelay {
  port: number;
  /** From now on, frames from the server are kept instead of passed on. */
  hold(): void;
  /** Callbacks (not answers) kept since hold(). */
  readonly heldCallbacks: number;
  /** Passes on everything kept, in one write, and goes back to passing frames on as they come. */
  release(): void;
  /**
   * Sends the client a callback the server did not send, between two whole frames: what a hostile or broken
   * server could send, with any parameters.
   */
  sendCallback(method: string, params: XmlRpcValue[]): void;
  close(): Promise<void>;
}

const HANDSHAKE_BYTES = 4 + 'GBXRemote 2'.length;

export async function startGbxRelay(target: { host: string; port: number }): Promise<GbxRelay> {
  const pairs: { client: Socket; upstream: Socket; held: Buffer[] }[] = [];
  let holding = false;
  let heldCallbacks = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream, held: [] as Buffer[] };
    pairs.push(pair);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    // Server to client, cut into whole frames so that holding starts and ends on a frame boundary.
    let pending = Buffer.alloc(0);
    let greeted = false;
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!greeted) {
        if (pending.length < HANDSHAKE_BYTES) return;
        client.write(pending.subarray(0, HANDSHAKE_BYTES));
        pending = pending.subarray(HANDSHAKE_BYTES);
        greeted = true;
      }
      while (pending.length >= 8 && pending.length >= 8 + pending.readUInt32LE(0)) {
        const size = 8 + pending.readUInt32LE(0);
        const frame = pending.subarray(0, size);
        pending = pending.subarray(size);
        if (!holding) {
          client.write(frame);
          continue;
        }
        pair.held.push(frame);
        if (!isResponseHandle(frame.readUInt32LE(4))) heldCallbacks++;
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    hold() {
      holding = true;
    },
    get heldCallbacks() {
      return heldCallbacks;
    },
    release() {
      heldCallbacks = 0;
      holding = false;
      for (const pair of pairs) {
        const bytes = Buffer.concat(pair.held);
        pair.held = [];
        if (bytes.length > 0 && !pair.client.destroyed) pair.client.write(bytes);
      }
    },
    sendCallback(method, params) {
      const frame = encodeFrame(1, encodeCall(method, params));
      if (holding) heldCallbacks++;
      for (const pair of pairs) {
        if (pair.client.destroyed) continue;
        if (holding) pair.held.push(frame);
        else pair.client.write(frame);
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
