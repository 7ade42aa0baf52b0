/**
 * GbxRemote framing. After the handshake (uint32 LE 11 + "GBXRemote 2", sent by the server), every message
 * is uint32 LE body size, uint32 LE handle, then the XML body. Handles with the high bit set belong to
 * requests made by the client; lower handles are the server's callbacks.
 */

export const HANDSHAKE = 'GBXRemote 2';
export const FIRST_REQUEST_HANDLE = 0x80000000;
const LAST_HANDLE = 0xffffffff;
const HEADER_BYTES = 8;
/** How much of a skipped frame is kept, to name what it was (a callback's method name comes first). */
const SKIPPED_HEAD_BYTES = 256;
/** No GbxRemote peer sends a frame this large: a header announcing more means the stream is not GbxRemote. */
const CORRUPT_FRAME_BYTES = 1024 * 1024 * 1024;

export interface Frame {
  handle: number;
  /** The XML body; for a skipped frame only its first bytes. */
  body: Buffer;
  /** Set when the frame was over the size limit and skipped: the size its header announced. */
  oversize?: number;
}

export class GbxFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GbxFrameError';
  }
}

export function encodeFrame(handle: number, body: string): Buffer {
  const size = Buffer.byteLength(body, 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + size);
  frame.writeUInt32LE(size, 0);
  frame.writeUInt32LE(handle >>> 0, 4);
  frame.write(body, HEADER_BYTES, 'utf8');
  return frame;
}

export function encodeHandshake(): Buffer {
  const frame = Buffer.allocUnsafe(4 + HANDSHAKE.length);
  frame.writeUInt32LE(HANDSHAKE.length, 0);
  frame.write(HANDSHAKE, 4, 'latin1');
  return frame;
}

export function nextRequestHandle(handle: number): number {
  return handle >= LAST_HANDLE ? FIRST_REQUEST_HANDLE : handle + 1;
}

export function isResponseHandle(handle: number): boolean {
  return handle >= FIRST_REQUEST_HANDLE;
}

/**
 * Reassembles frames from socket chunks split anywhere. A frame announcing more than `maxBodyBytes` is not
 * buffered: its bytes are dropped as they arrive and it is returned as skipped (`oversize`, with its first
 * bytes), so the caller can fail just that request and keep the connection.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private handshakeDone: boolean;
  private skipping?: { handle: number; size: number; remaining: number; head: Buffer };

  constructor(
    private readonly maxBodyBytes: number,
    options: { expectHandshake: boolean },
  ) {
    this.handshakeDone = !options.expectHandshake;
  }

  get handshakeComplete(): boolean {
    return this.handshakeDone;
  }

  /** Adds a chunk; returns the frames it completed. Throws GbxFrameError on a bad handshake or a corrupt size. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (!this.handshakeDone) {
        if (!this.readHandshake()) return frames;
        continue;
      }
      if (this.skipping) {
        const skipped = this.skip(this.skipping);
        if (!skipped) return frames;
        frames.push(skipped);
        continue;
      }
      if (this.buffered < HEADER_BYTES) return frames;
      const header = this.peek(HEADER_BYTES);
      const size = header.readUInt32LE(0);
      if (size > this.maxBodyBytes) {
        if (size >= CORRUPT_FRAME_BYTES) throw new GbxFrameError(`GBX frame header announces ${size} bytes: the stream is not GbxRemote`);
        const handle = header.readUInt32LE(4);
        this.discard(HEADER_BYTES);
        this.skipping = { handle, size, remaining: size, head: Buffer.alloc(0) };
        continue;
      }
      if (this.buffered < HEADER_BYTES + size) return frames;
      const frame = this.take(HEADER_BYTES + size);
      frames.push({ handle: frame.readUInt32LE(4), body: frame.subarray(HEADER_BYTES) });
    }
  }

  /** Drops what has arrived of an oversize frame, keeping its first bytes; returns it once it has passed. */
  private skip(skipping: { handle: number; size: number; remaining: number; head: Buffer }): Frame | undefined {
    const keep = Math.min(SKIPPED_HEAD_BYTES - skipping.head.length, skipping.remaining, this.buffered);
    if (keep > 0) {
      skipping.head = Buffer.concat([skipping.head, this.take(keep)]);
      skipping.remaining -= keep;
    }
    const drop = Math.min(skipping.remaining, this.buffered);
    this.discard(drop);
    skipping.remaining -= drop;
    if (skipping.remaining > 0) return undefined;
    this.skipping = undefined;
    return { handle: skipping.handle, body: skipping.head, oversize: skipping.size };
  }

  private readHandshake(): boolean {
    if (this.buffered < 4) return false;
    const size = this.peek(4).readUInt32LE(0);
    if (size !== HANDSHAKE.length) {
      const sample = this.peek(Math.min(this.buffered, 24));
      throw new GbxFrameError(
        `Not a GbxRemote server: expected the handshake "${HANDSHAKE}", received ${describeBytes(sample)}`,
      );
    }
    if (this.buffered < 4 + size) return false;
    const text = this.take(4 + size).toString('latin1', 4);
    if (text !== HANDSHAKE) {
      throw new GbxFrameError(`Unsupported GbxRemote protocol: expected "${HANDSHAKE}", received "${text}"`);
    }
    this.handshakeDone = true;
    return true;
  }

  /** The first `bytes` buffered bytes, without consuming them. */
  private peek(bytes: number): Buffer {
    if (this.chunks[0]!.length >= bytes) return this.chunks[0]!.subarray(0, bytes);
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined.subarray(0, bytes);
  }

  private discard(bytes: number): void {
    let left = bytes;
    while (left > 0) {
      const first = this.chunks[0]!;
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
    this.buffered -= bytes;
  }

  private take(bytes: number): Buffer {
    const head = this.peek(bytes);
    const first = this.chunks[0]!;
    if (first.length === bytes) this.chunks.shift();
    else this.chunks[0] = first.subarray(bytes);
    this.buffered -= bytes;
    return head;
  }
}

function describeBytes(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  const printable = /^[\x20-\x7e\r\n\t]*$/.test(text);
  return printable ? JSON.stringify(text) : `bytes ${bytes.toString('hex')}`;
}
