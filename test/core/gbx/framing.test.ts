import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeFrame, encodeHandshake, FrameReader, nextRequestHandle } from '../../../core/gbx/framing.js';

describe('GbxRemote framing', () => {
  it('reassembles a handshake and frames split at every byte boundary', () => {
    const stream = Buffer.concat([
      encodeHandshake(),
      encodeFrame(0x80000000, '<a>é</a>'),
      encodeFrame(7, ''),
      encodeFrame(0xffffffff, 'x'.repeat(300)),
    ]);
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const pieces of [[stream.subarray(0, cut), stream.subarray(cut)], [...stream].map((byte) => Buffer.from([byte]))]) {
        const reader = new FrameReader(1024, { expectHandshake: true });
        const frames = pieces.flatMap((piece) => reader.push(piece));
        assert.deepEqual(
          frames.map((frame) => [frame.handle, frame.body.toString('utf8')]),
          [[0x80000000, '<a>é</a>'], [7, ''], [0xffffffff, 'x'.repeat(300)]],
        );
      }
    }
  });

  it('skips a frame over the size limit without buffering it, keeps its first bytes, and reads on', () => {
    const big = `<methodCall><methodName>Big</methodName>${'x'.repeat(5000)}`;
    const stream = Buffer.concat([encodeFrame(0x80000001, big), encodeFrame(0x80000002, 'small')]);
    for (const size of [1, 7, 100, stream.length]) {
      const reader = new FrameReader(100, { expectHandshake: false });
      const frames = [];
      let mostBuffered = 0;
      for (let offset = 0; offset < stream.length; offset += size) {
        frames.push(...reader.push(stream.subarray(offset, offset + size)));
        mostBuffered = Math.max(mostBuffered, (reader as unknown as { buffered: number }).buffered);
      }
      assert.deepEqual(
        frames.map((frame) => [frame.handle, frame.oversize, frame.body.toString('utf8')]),
        [
          [0x80000001, Buffer.byteLength(big), big.slice(0, 256)],
          [0x80000002, undefined, 'small'],
        ],
      );
      assert.ok(mostBuffered <= Math.max(size, 8 + 5), `buffered ${mostBuffered} bytes at most with chunks of ${size}`);
    }
  });

  it('treats a header announcing a gigabyte or more as a corrupt stream', () => {
    const reader = new FrameReader(100, { expectHandshake: false });
    const header = Buffer.alloc(8);
    header.writeUInt32LE(0xffffffff, 0);
    header.writeUInt32LE(0x80000000, 4);
    assert.throws(() => reader.push(header), { name: 'GbxFrameError', message: 'GBX frame header announces 4294967295 bytes: the stream is not GbxRemote' });
  });

  it('names what a non-GbxRemote peer sent instead of the handshake', () => {
    const reader = new FrameReader(100, { expectHandshake: true });
    assert.throws(() => reader.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n')), {
      message: 'Not a GbxRemote server: expected the handshake "GBXRemote 2", received "HTTP/1.1 400 Bad Request"',
    });
    const old = Buffer.alloc(15);
    old.writeUInt32LE(11, 0);
    old.write('GBXRemote 1', 4, 'latin1');
    assert.throws(() => new FrameReader(100, { expectHandshake: true }).push(old), {
      message: 'Unsupported GbxRemote protocol: expected "GBXRemote 2", received "GBXRemote 1"',
    });
  });

  it('wraps request handles back to 0x80000000', () => {
    assert.equal(nextRequestHandle(0x80000000), 0x80000001);
    assert.equal(nextRequestHandle(0xffffffff), 0x80000000);
  });
});
