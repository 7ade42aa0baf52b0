/**
 * The minimal GbxRemote server the throughput bench measures against, run as a child process
 * (`node gbx-answer-server.js <method>`): it sends the handshake, reads only frame headers, and answers every
 * request with one pre-built response under the request's handle. It prints its port on stdout.
 */
import { createServer, type Socket } from 'node:net';
import { answerBody, type AnsweredMethod } from './gbx-answers.js';

const body = answerBody(process.argv[2] as AnsweredMethod);
const handshake = Buffer.from('\x0b\x00\x00\x00GBXRemote 2', 'latin1');

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  socket.write(handshake);
  let rest: Buffer | undefined;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.on('data', (chunk: Buffer) => {
    let data = rest ? Buffer.concat([rest, chunk]) : chunk;
    let offset = 0;
    while (data.length - offset >= 8) {
      const size = data.readUInt32LE(offset);
      if (data.length - offset < 8 + size) break;
      const header = Buffer.allocUnsafe(8);
      header.writeUInt32LE(body.length, 0);
      header.writeUInt32LE(data.readUInt32LE(offset + 4), 4);
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      socket.write(header);
      socket.write(body);
      offset += 8 + size;
    }
    rest = offset < data.length ? data.subarray(offset) : undefined;
  });
  socket.on('error', () => socket.destroy());
}

const server = createServer(serve);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening on 127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => process.exit(0));
