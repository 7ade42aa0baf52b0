/**
 * Writes methodCall frames straight into one outgoing buffer: the bytes encodeCall + encodeFrame would make,
 * without building the XML as a string or copying it into a frame. Frames appended within one tick are taken
 * together and go to the socket in one write. A written region is never reused (the socket may still hold it);
 * the next frames go after it, into a new chunk when this one is full.
 */
import { escapeText, XmlRpcDouble, type XmlRpcValue } from './codec.js';

const CHUNK_BYTES = 64 * 1024;
const HEADER_BYTES = 8;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** Method names seen this often are common enough to keep their encoded call head; beyond it, heads are built each time. */
const MAX_CACHED_HEADS = 1024;

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const CALL_OPEN = ascii('<?xml version="1.0" encoding="utf-8" ?><methodCall><methodName>');
const PARAMS_OPEN = ascii('</methodName><params>');
const CALL_CLOSE = ascii('</params></methodCall>');
const PARAM_OPEN = ascii('<param>');
const PARAM_CLOSE = ascii('</param>');
const STRING_OPEN = ascii('<value><string>');
const STRING_CLOSE = ascii('</string></value>');
const INT_OPEN = ascii('<value><int>');
const INT_CLOSE = ascii('</int></value>');
const DOUBLE_OPEN = ascii('<value><double>');
const DOUBLE_CLOSE = ascii('</double></value>');
const TRUE = ascii('<value><boolean>1</boolean></value>');
const FALSE = ascii('<value><boolean>0</boolean></value>');
const NIL = ascii('<value><nil/></value>');
const BASE64_OPEN = ascii('<value><base64>');
const BASE64_CLOSE = ascii('</base64></value>');
const DATE_OPEN = ascii('<value><dateTime.iso8601>');
const DATE_CLOSE = ascii('</dateTime.iso8601></value>');
const ARRAY_OPEN = ascii('<value><array><data>');
const ARRAY_CLOSE = ascii('</data></array></value>');
const STRUCT_OPEN = ascii('<value><struct>');
const STRUCT_CLOSE = ascii('</struct></value>');
const MEMBER_OPEN = ascii('<member><name>');
const NAME_CLOSE = ascii('</name>');
const MEMBER_CLOSE = ascii('</member>');

export class RequestWriter {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  /** The first byte not yet taken. */
  private start = 0;
  private position = 0;
  private frameStart = 0;
  /** Per method name: everything of a call up to and including <params>. */
  private readonly heads = new Map<string, Buffer>();

  /** Whether frames wait to be taken. */
  get pending(): boolean {
    return this.position > this.start;
  }

  /**
   * Appends one methodCall frame and returns its body size. A body over `maxBodyBytes` is not kept (the caller
   * refuses the request); nor is a frame whose params cannot be encoded (the TypeError is rethrown).
   */
  appendCall(handle: number, method: string, params: readonly XmlRpcValue[], maxBodyBytes: number): number {
    this.frameStart = this.position;
    this.reserve(HEADER_BYTES);
    this.position += HEADER_BYTES;
    try {
      this.bytes(this.head(method));
      for (let index = 0; index < params.length; index++) {
        this.bytes(PARAM_OPEN);
        this.value(params[index]!, 0);
        this.bytes(PARAM_CLOSE);
      }
      this.bytes(CALL_CLOSE);
    } catch (error) {
      this.position = this.frameStart;
      throw error;
    }
    const size = this.position - this.frameStart - HEADER_BYTES;
    if (size > maxBodyBytes) {
      this.position = this.frameStart;
      return size;
    }
    this.buffer.writeUInt32LE(size, this.frameStart);
    this.buffer.writeUInt32LE(handle >>> 0, this.frameStart + 4);
    return size;
  }

  /** The frames appended since the last take, as one view of the buffer. */
  take(): Buffer {
    const frames = this.buffer.subarray(this.start, this.position);
    this.start = this.position;
    return frames;
  }

  private head(method: string): Buffer {
    const cached = this.heads.get(method);
    if (cached) return cached;
    const head = Buffer.concat([CALL_OPEN, Buffer.from(escapeText(method), 'utf8'), PARAMS_OPEN]);
    if (this.heads.size < MAX_CACHED_HEADS) this.heads.set(method, head);
    return head;
  }

  private value(value: XmlRpcValue, depth: number): void {
    if (depth > 64) throw new TypeError('XML-RPC value nested more than 64 levels deep');
    switch (typeof value) {
      case 'string':
        this.bytes(STRING_OPEN);
        this.text(escapeText(value));
        this.bytes(STRING_CLOSE);
        return;
      case 'boolean':
        this.bytes(value ? TRUE : FALSE);
        return;
      case 'number':
        if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
          this.bytes(INT_OPEN);
          this.latin1(String(value));
          this.bytes(INT_CLOSE);
        } else this.double(value);
        return;
      case 'object':
        break;
      default:
        throw new TypeError(`Cannot send a ${typeof value} over XML-RPC`);
    }
    if (value === null) return this.bytes(NIL);
    if (value instanceof XmlRpcDouble) return this.double(value.value);
    if (Buffer.isBuffer(value)) {
      this.bytes(BASE64_OPEN);
      this.latin1(value.toString('base64'));
      return this.bytes(BASE64_CLOSE);
    }
    if (value instanceof Date) {
      const iso = value.toISOString();
      this.bytes(DATE_OPEN);
      this.latin1(`${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 19)}`);
      return this.bytes(DATE_CLOSE);
    }
    if (Array.isArray(value)) {
      this.bytes(ARRAY_OPEN);
      for (let index = 0; index < value.length; index++) this.value(value[index]!, depth + 1);
      return this.bytes(ARRAY_CLOSE);
    }
    this.bytes(STRUCT_OPEN);
    for (const key of Object.keys(value)) {
      const member = value[key];
      if (member === undefined) continue;
      this.bytes(MEMBER_OPEN);
      this.text(escapeText(key));
      this.bytes(NAME_CLOSE);
      this.value(member, depth + 1);
      this.bytes(MEMBER_CLOSE);
    }
    this.bytes(STRUCT_CLOSE);
  }

  private double(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot send ${value} over XML-RPC: doubles must be finite`);
    this.bytes(DOUBLE_OPEN);
    this.latin1(String(value));
    this.bytes(DOUBLE_CLOSE);
  }

  private bytes(bytes: Buffer): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.position);
    this.position += bytes.length;
  }

  private latin1(text: string): void {
    this.reserve(text.length);
    this.position += this.buffer.write(text, this.position, text.length, 'latin1');
  }

  private text(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserve(text.length * 3);
    this.position += this.buffer.write(text, this.position, text.length * 3, 'utf8');
  }

  /** Makes room for `bytes` more after the cursor, moving the untaken frames to a new chunk if needed. */
  private reserve(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    const untaken = this.position - this.start;
    const next = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, (untaken + bytes) * 2));
    this.buffer.copy(next, 0, this.start, this.position);
    this.frameStart -= this.start;
    this.position = untaken;
    this.start = 0;
    this.buffer = next;
  }
}
