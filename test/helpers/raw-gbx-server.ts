import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { encodeHandshake, FrameReader, type Frame } from '../../core/gbx/framing.js';

/** A scriptable TCP peer for testing the client against answers no well-behaved server gives. */
export interface RawGbxServer {
  port: number;
  sockets: Socket[];
  close(): Promise<void>;
}

export async function startRawGbxServer(options: {
  /** Default 0: any free port. */
  port?: number;
  greeting?: Buffer;
  onFrame?: (frame: Frame, socket: Socket) => void;
}): Promise<RawGbxServer> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    const reader = new FrameReader(10 * 1024 * 1024, { expectHandshake: false });
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) options.onFrame?.(frame, socket);
    });
    socket.write(options.greeting ?? encodeHandshake());
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    sockets,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
