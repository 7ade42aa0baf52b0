import { connect, type Socket } from 'node:net';

const HANDSHAKE_BYTES = 4 + 'GBXRemote 2'.length;

/**
 * The floor any XML-RPC client over a GbxRemote socket can reach: requests are pre-encoded frames (only the
 * handle is written per request), answers are matched to their handle from the frame header and handed back
 * as the raw body, undecoded. Writes are coalesced per tick, as a fast client would.
 */
export class FloorClient {
  private socket?: Socket;
  private handle = 0x80000000;
  private readonly pending = new Map<number, (body: Buffer) => void>();
  private readonly requests = new Map<string, Buffer>();
  private rest?: Buffer;
  private handshaken = false;
  private corked = false;

  constructor(private readonly port: number) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: this.port, noDelay: true });
      this.socket = socket;
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
        let offset = 0;
        if (!this.handshaken) {
          if (data.length < HANDSHAKE_BYTES) {
            this.rest = data;
            return;
          }
          this.handshaken = true;
          offset = HANDSHAKE_BYTES;
          resolve();
        }
        while (data.length - offset >= 8) {
          const size = data.readUInt32LE(offset);
          if (data.length - offset < 8 + size) break;
          const handle = data.readUInt32LE(offset + 4);
          const settle = this.pending.get(handle);
          if (settle) {
            this.pending.delete(handle);
            settle(data.subarray(offset + 8, offset + 8 + size));
          }
          offset += 8 + size;
        }
        this.rest = offset < data.length ? data.subarray(offset) : undefined;
      });
    });
  }

  /** Sends the pre-encoded request for `method` (a call without parameters); resolves with the answer's body. */
  call(method: string): Promise<Buffer> {
    let template = this.requests.get(method);
    if (!template) {
      const body = Buffer.from(`<?xml version="1.0" encoding="utf-8" ?><methodCall><methodName>${method}</methodName><params></params></methodCall>`);
      template = Buffer.allocUnsafe(8 + body.length);
      template.writeUInt32LE(body.length, 0);
      body.copy(template, 8);
      this.requests.set(method, template);
    }
    const frame = Buffer.allocUnsafe(template.length);
    template.copy(frame);
    this.handle = this.handle >= 0xffffffff ? 0x80000000 : this.handle + 1;
    frame.writeUInt32LE(this.handle, 4);
    const socket = this.socket!;
    if (!this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(() => {
        this.corked = false;
        socket.uncork();
      });
    }
    socket.write(frame);
    return new Promise((resolve) => this.pending.set(this.handle, resolve));
  }

  close(): void {
    this.socket?.destroy();
  }
}
