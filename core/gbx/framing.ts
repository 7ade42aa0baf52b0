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

/** Receives each frame `FrameReader.read` completes; `body` is a view of the received bytes, valid during the call. */
export type FrameSink = (handle: number, body: Buffer, oversize: number | undefined) => void;

interface Skipping {
  handle: number;
  size: number;
  remaining: number;
  head: Buffer;
}

/**
 * Reassembles frames from socket chunks split anywhere. Frames are read in place from the chunk they arrived
 * in; only a frame split across chunks is joined, once, when its last byte has arrived. A frame announcing more
 * than `maxBodyBytes` is not buffered: its bytes are dropped as they arrive and it is returned as skipped
 * (`oversize`, with its first bytes), so the caller can fail just that request and keep the connection.
 */
export class FrameReader {
  /** The tail of earlier chunks that does not yet hold what `needed` says the next step reads. */
  private waiting: Buffer[] = [];
  private buffered = 0;
  private needed = 0;
  private handshakeDone: boolean;
  private skipping?: Skipping;

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
    const frames: Frame[] = [];
    this.read(chunk, (handle, body, oversize) => {
      frames.push(oversize === undefined ? { handle, body } : { handle, body, oversize });
    });
    return frames;
  }

  /** Adds a chunk and hands every frame it completes to `sink`, in order. Throws as push does. */
  read(chunk: Buffer, sink: FrameSink): void {
    let data = chunk;
    if (this.buffered > 0) {
      this.waiting.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered < this.needed) return;
      data = Buffer.concat(this.waiting, this.buffered);
      this.waiting = [];
      this.buffered = 0;
    }
    let offset = 0;
    for (;;) {
      const left = data.length - offset;
      const skipping = this.skipping;
      if (skipping) {
        offset = this.skip(skipping, data, offset);
        if (skipping.remaining > 0) return;
        this.skipping = undefined;
        sink(skipping.handle, skipping.head, skipping.size);
        continue;
      }
      if (!this.handshakeDone) {
        const size = this.handshakeSize(data, offset);
        if (size < 0 || left < 4 + size) break;
        this.readHandshake(data, offset, size);
        offset += 4 + size;
        continue;
      }
      if (left < HEADER_BYTES) {
        this.needed = HEADER_BYTES;
        break;
      }
      const size = data.readUInt32LE(offset);
      if (size > this.maxBodyBytes) {
        if (size >= CORRUPT_FRAME_BYTES) throw new GbxFrameError(`GBX frame header announces ${size} bytes: the stream is not GbxRemote`);
        this.skipping = { handle: data.readUInt32LE(offset + 4), size, remaining: size, head: Buffer.alloc(0) };
        offset += HEADER_BYTES;
        continue;
      }
      if (left < HEADER_BYTES + size) {
        this.needed = HEADER_BYTES + size;
        break;
      }
      const bodyStart = offset + HEADER_BYTES;
      offset = bodyStart + size;
      sink(data.readUInt32LE(bodyStart - 4), data.subarray(bodyStart, offset), undefined);
    }
    if (offset < data.length) {
      this.waiting.push(offset === 0 ? data : data.subarray(offset));
      this.buffered = data.length - offset;
    }
  }

  /** Drops what has arrived of an oversize frame, keeping its first bytes; returns the offset after what it read. */
  private skip(skipping: Skipping, data: Buffer, offset: number): number {
    let at = offset;
    const keep = Math.min(SKIPPED_HEAD_BYTES - skipping.head.length, skipping.remaining, data.length - at);
    if (keep > 0) {
      skipping.head = Buffer.concat([skipping.head, data.subarray(at, at + keep)]);
      skipping.remaining -= keep;
      at += keep;
    }
    const drop = Math.min(skipping.remaining, data.length - at);
    skipping.remaining -= drop;
    at += drop;
    return at;
  }

  /** The handshake's announced size, -1 while fewer than 4 bytes have arrived; throws if it is not GbxRemote's. */
  private handshakeSize(data: Buffer, offset: number): number {
    const left = data.length - offset;
    if (left < 4) {
      this.needed = 4;
      return -1;
    }
    const size = data.readUInt32LE(offset);
    if (size !== HANDSHAKE.length) {
      const sample = data.subarray(offset, offset + Math.min(left, 24));
      throw new GbxFrameError(
        `Not a GbxRemote server: expected the handshake "${HANDSHAKE}", received ${describeBytes(sample)}`,
      );
    }
    this.needed = 4 + size;
    return size;
  }

  private readHandshake(data: Buffer, offset: number, size: number): void {
    const text = data.toString('latin1', offset + 4, offset + 4 + size);
    if (text !== HANDSHAKE) {
      throw new GbxFrameError(`Unsupported GbxRemote protocol: expected "${HANDSHAKE}", received "${text}"`);
    }
    this.handshakeDone = true;
  }
}

function describeBytes(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  const printable = /^[\x20-\x7e\r\n\t]*$/.test(text);
  return printable ? JSON.stringify(text) : `bytes ${bytes.toString('hex')}`;
}
