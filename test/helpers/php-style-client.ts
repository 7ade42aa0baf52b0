import { connect, type Socket } from 'node:net';
import { decodeMessage, type DecodedMessage } from '../../core/gbx/codec.js';
import { FrameReader } from '../../core/gbx/framing.js';

/**
 * A GbxRemote client that spells its requests the way Nadeo's PHP library (maniaplanet/dedicated-server-api,
 * Xmlrpc/Request.php without the xmlrpc extension) does, so the sandbox is tested against a second real encoding:
 * - every string, the method name and struct member names included, is a CDATA section (a `]]>` inside is
 *   split across two sections);
 * - a call without arguments sends `<params/>`; empty strings and null are `<string/>`, empty lists
 *   `<array><data/></array>`, empty binary `<base64/>`; integers are `<int>`;
 * - the first request handle is 0x80000001 (the handle is incremented before each request).
 */
export type PhpValue = string | number | boolean | null | Buffer | Date | PhpValue[] | { [key: string]: PhpValue };

export class PhpStyleClient {
  private handle = 0x80000000;
  private readonly waiting = new Map<number, (message: DecodedMessage) => void>();
  /** Callbacks received, in order. */
  readonly callbacks: DecodedMessage[] = [];
  /** The raw bodies of the requests sent and of the frames received, for tests that look at the wire. */
  readonly sent: string[] = [];
  readonly received: string[] = [];

  private constructor(private readonly socket: Socket) {}

  static connect(port: number, host = '127.0.0.1'): Promise<PhpStyleClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const client = new PhpStyleClient(socket);
      const reader = new FrameReader(4 * 1024 * 1024, { expectHandshake: true });
      let greeted = false;
      socket.on('data', (chunk: Buffer) => {
        for (const frame of reader.push(chunk)) {
          client.received.push(frame.body.toString('utf8'));
          const message = decodeMessage(frame.body.toString('utf8'));
          if (frame.handle < 0x80000000) client.callbacks.push(message);
          else client.waiting.get(frame.handle)?.(message);
        }
        if (!greeted && reader.handshakeComplete) {
          greeted = true;
          resolve(client);
        }
      });
      socket.on('error', reject);
    });
  }

  /** Sends one call; resolves with the decoded answer (a response or a fault). */
  query(method: string, args: PhpValue[] = []): Promise<DecodedMessage> {
    const body = encodePhpStyleRequest(method, args);
    this.sent.push(body);
    this.handle = this.handle === 0xffffffff ? 0x80000000 : this.handle + 1;
    const handle = this.handle;
    const size = Buffer.byteLength(body, 'utf8');
    const frame = Buffer.alloc(8 + size);
    frame.writeUInt32LE(size, 0);
    frame.writeUInt32LE(handle, 4);
    frame.write(body, 8, 'utf8');
    return new Promise((resolve) => {
      this.waiting.set(handle, (message) => {
        this.waiting.delete(handle);
        resolve(message);
      });
      this.socket.write(frame);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export function encodePhpStyleRequest(method: string, args: PhpValue[]): string {
  const head = `<?xml version="1.0" encoding="utf-8"?><methodCall><methodName>${cdata(method)}</methodName>`;
  if (args.length === 0) return `${head}<params/></methodCall>`;
  return `${head}<params>${args.map((arg) => `<param><value>${phpValue(arg)}</value></param>`).join('')}</params></methodCall>`;
}

function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function phpValue(value: PhpValue): string {
  if (value === null) return '<string/>';
  if (typeof value === 'boolean') return `<boolean>${value ? 1 : 0}</boolean>`;
  if (typeof value === 'number') return Number.isInteger(value) ? `<int>${value}</int>` : `<double>${value}</double>`;
  if (typeof value === 'string') return value === '' ? '<string/>' : `<string>${cdata(value)}</string>`;
  if (Buffer.isBuffer(value)) return value.length === 0 ? '<base64/>' : `<base64>${value.toString('base64')}</base64>`;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return `<dateTime.iso8601>${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 19)}</dateTime.iso8601>`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '<array><data/></array>';
    return `<array><data>${value.map((item) => `<value>${phpValue(item)}</value>`).join('')}</data></array>`;
  }
  const members = Object.entries(value).map(([name, member]) => `<member><name>${cdata(name)}</name><value>${phpValue(member)}</value></member>`);
  return members.length === 0 ? '<array><data/></array>' : `<struct>${members.join('')}</struct>`;
}
