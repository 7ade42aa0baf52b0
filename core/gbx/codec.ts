/**
 * XML-RPC as the dedicated server speaks it: methodCall / methodResponse bodies with int, double, boolean,
 * string, base64, dateTime.iso8601, array, struct and nil values. The decoder is a single forward scan over
 * the body (XML-RPC is a small, regular subset of XML), which bench/ measures against a general XML parser.
 */

export type XmlRpcValue =
  | string
  | number
  | boolean
  | null
  | Buffer
  | Date
  | XmlRpcDouble
  | XmlRpcValue[]
  | { [key: string]: XmlRpcValue };

/** Forces a number to be sent as <double> even when it is whole (the game checks parameter types). */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

export const double = (value: number): XmlRpcDouble => new XmlRpcDouble(value);

export interface XmlRpcFault {
  faultCode: number;
  faultString: string;
}

export type DecodedMessage =
  | { kind: 'call'; method: string; params: XmlRpcValue[] }
  | { kind: 'response'; value: XmlRpcValue }
  | { kind: 'fault'; fault: XmlRpcFault };

export class XmlRpcParseError extends Error {
  constructor(problem: string, readonly position: number) {
    super(`Malformed XML-RPC at character ${position}: ${problem}`);
    this.name = 'XmlRpcParseError';
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

// ---------------------------------------------------------------------------------------------- encoding

export function encodeCall(method: string, params: readonly XmlRpcValue[]): string {
  let xml = `<?xml version="1.0" encoding="utf-8" ?><methodCall><methodName>${escapeText(method)}</methodName><params>`;
  for (const param of params) xml += `<param>${encodeValue(param)}</param>`;
  return `${xml}</params></methodCall>`;
}

export function encodeResponse(value: XmlRpcValue): string {
  return `<?xml version="1.0" encoding="utf-8" ?><methodResponse><params><param>${encodeValue(value)}</param></params></methodResponse>`;
}

export function encodeFault(fault: XmlRpcFault): string {
  return `<?xml version="1.0" encoding="utf-8" ?><methodResponse><fault>${encodeValue({ faultCode: fault.faultCode, faultString: fault.faultString })}</fault></methodResponse>`;
}

export function encodeValue(value: XmlRpcValue, depth = 0): string {
  if (depth > 64) throw new TypeError('XML-RPC value nested more than 64 levels deep');
  switch (typeof value) {
    case 'string':
      return `<value><string>${escapeText(value)}</string></value>`;
    case 'boolean':
      return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
    case 'number':
      if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return `<value><int>${value}</int></value>`;
      return encodeDouble(value);
    case 'object':
      break;
    default:
      throw new TypeError(`Cannot send a ${typeof value} over XML-RPC`);
  }
  if (value === null) return '<value><nil/></value>';
  if (value instanceof XmlRpcDouble) return encodeDouble(value.value);
  if (Buffer.isBuffer(value)) return `<value><base64>${value.toString('base64')}</base64></value>`;
  if (value instanceof Date) return `<value><dateTime.iso8601>${formatDate(value)}</dateTime.iso8601></value>`;
  if (Array.isArray(value)) {
    let xml = '<value><array><data>';
    for (const item of value) xml += encodeValue(item, depth + 1);
    return `${xml}</data></array></value>`;
  }
  let xml = '<value><struct>';
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (member === undefined) continue;
    xml += `<member><name>${escapeText(key)}</name>${encodeValue(member, depth + 1)}</member>`;
  }
  return `${xml}</struct></value>`;
}

function encodeDouble(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`Cannot send ${value} over XML-RPC: doubles must be finite`);
  return `<value><double>${value}</double></value>`;
}

/** XML-RPC's dateTime.iso8601 has no time zone; we send and read UTC: 20261125T06:30:00. */
function formatDate(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 19)}`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeText(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (char) => ESCAPES[char]!) : text;
}

// ---------------------------------------------------------------------------------------------- decoding

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (match, entity: string) => {
    if (entity.startsWith('#x')) return safeCodePoint(parseInt(entity.slice(2), 16), match);
    if (entity.startsWith('#')) return safeCodePoint(parseInt(entity.slice(1), 10), match);
    return NAMED_ENTITIES[entity] ?? match;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/** Decodes a methodCall or methodResponse body. Throws XmlRpcParseError naming the position of the problem. */
export function decodeMessage(xml: string): DecodedMessage {
  return new Decoder(xml).message();
}

class Decoder {
  private position = 0;

  constructor(private readonly xml: string) {}

  message(): DecodedMessage {
    this.skipProlog();
    const root = this.openTag();
    if (root === 'methodCall') {
      this.expectOpen('methodName');
      const method = unescapeText(this.textUntil('</methodName>'));
      const params = this.optionalParams();
      this.expectClose('methodCall');
      return { kind: 'call', method, params };
    }
    if (root === 'methodResponse') {
      this.skipSpace();
      if (this.peekTag() === 'fault') {
        this.openTag();
        const fault = this.value();
        this.expectClose('fault');
        this.expectClose('methodResponse');
        return { kind: 'fault', fault: toFault(fault) };
      }
      const params = this.optionalParams();
      this.expectClose('methodResponse');
      return { kind: 'response', value: params.length > 0 ? params[0]! : null };
    }
    throw this.error(`expected <methodCall> or <methodResponse>, found <${root}>`);
  }

  private optionalParams(): XmlRpcValue[] {
    this.skipSpace();
    const params: XmlRpcValue[] = [];
    if (this.xml.startsWith('<params/>', this.position)) {
      this.position += 9;
      return params;
    }
    if (this.peekTag() !== 'params') return params;
    this.openTag();
    for (;;) {
      this.skipSpace();
      if (this.peekTag() !== 'param') break;
      this.openTag();
      params.push(this.value());
      this.expectClose('param');
    }
    this.expectClose('params');
    return params;
  }

  private value(): XmlRpcValue {
    this.skipSpace();
    if (this.xml.startsWith('<value/>', this.position)) {
      this.position += 8;
      return '';
    }
    this.expectOpen('value');
    const textStart = this.position;
    const next = this.xml.indexOf('<', this.position);
    if (next < 0) throw this.error('unterminated <value>');
    // A value without a type tag is a string.
    if (this.xml.startsWith('</value>', next)) {
      this.position = next + 8;
      return unescapeText(this.xml.slice(textStart, next));
    }
    this.position = next;
    const type = this.openTag(true);
    let result: XmlRpcValue;
    switch (type) {
      case 'nil/':
        result = null;
        break;
      case 'string/':
        result = '';
        break;
      case 'string':
        result = unescapeText(this.textUntil('</string>'));
        break;
      case 'int':
      case 'i4':
      case 'i8':
        result = this.integer(type);
        break;
      case 'double':
        result = this.number('double');
        break;
      case 'boolean': {
        const text = this.textUntil('</boolean>').trim();
        if (text !== '0' && text !== '1') throw this.error(`boolean must be 0 or 1, got '${text}'`);
        result = text === '1';
        break;
      }
      case 'base64':
        result = Buffer.from(this.textUntil('</base64>').replace(/\s+/g, ''), 'base64');
        break;
      case 'dateTime.iso8601':
        result = parseDate(this.textUntil('</dateTime.iso8601>').trim(), this);
        break;
      case 'array':
        result = this.array();
        break;
      case 'struct':
        result = this.struct();
        break;
      default:
        throw this.error(`unknown value type <${type}>`);
    }
    this.expectClose('value');
    return result;
  }

  private integer(type: string): number {
    const text = this.textUntil(`</${type}>`).trim();
    if (!/^[+-]?\d+$/.test(text)) throw this.error(`<${type}> must hold a whole number, got '${text.slice(0, 40)}'`);
    return Number(text);
  }

  private number(type: string): number {
    const text = this.textUntil(`</${type}>`).trim();
    const value = Number(text);
    if (text === '' || Number.isNaN(value)) throw this.error(`<${type}> must hold a number, got '${text.slice(0, 40)}'`);
    return value;
  }

  private array(): XmlRpcValue[] {
    const items: XmlRpcValue[] = [];
    this.skipSpace();
    if (this.xml.startsWith('<data/>', this.position)) {
      this.position += 7;
    } else {
      this.expectOpen('data');
      for (;;) {
        this.skipSpace();
        if (this.peekTag() === '/data') break;
        items.push(this.value());
      }
      this.expectClose('data');
    }
    this.expectClose('array');
    return items;
  }

  private struct(): { [key: string]: XmlRpcValue } {
    const members: { [key: string]: XmlRpcValue } = {};
    for (;;) {
      this.skipSpace();
      if (this.peekTag() !== 'member') break;
      this.openTag();
      this.expectOpen('name');
      const name = unescapeText(this.textUntil('</name>'));
      // Object.defineProperty so a member called __proto__ stays data, not a prototype change.
      Object.defineProperty(members, name, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.expectClose('member');
    }
    this.expectClose('struct');
    return members;
  }

  // -- low-level scanning

  private skipProlog(): void {
    this.skipSpace();
    if (this.xml.startsWith('<?xml', this.position)) {
      const end = this.xml.indexOf('?>', this.position);
      if (end < 0) throw this.error('unterminated XML declaration');
      this.position = end + 2;
    }
    this.skipSpace();
  }

  private skipSpace(): void {
    const xml = this.xml;
    let position = this.position;
    for (;;) {
      const code = xml.charCodeAt(position);
      if (code === 32 || code === 10 || code === 13 || code === 9) position++;
      else if (code === 60 && xml.startsWith('<!--', position)) {
        const end = xml.indexOf('-->', position + 4);
        if (end < 0) throw this.error('unterminated comment');
        position = end + 3;
      } else break;
    }
    this.position = position;
  }

  /** The name of the tag at the cursor, without consuming it ('/x' for a closing tag). */
  private peekTag(): string | undefined {
    if (this.xml.charCodeAt(this.position) !== 60) return undefined;
    const end = this.xml.indexOf('>', this.position);
    if (end < 0) return undefined;
    return this.xml.slice(this.position + 1, end).trim();
  }

  /** Consumes `<name>` (or `<name/>` when selfClosing is allowed, returned as 'name/'). */
  private openTag(selfClosing = false): string {
    this.skipSpace();
    if (this.xml.charCodeAt(this.position) !== 60) throw this.error('expected a tag');
    const end = this.xml.indexOf('>', this.position);
    if (end < 0) throw this.error('unterminated tag');
    let name = this.xml.slice(this.position + 1, end).trim();
    if (name.startsWith('/')) throw this.error(`unexpected closing tag <${name}>`);
    if (name.endsWith('/')) {
      if (!selfClosing) throw this.error(`unexpected empty tag <${name}>`);
      name = `${name.slice(0, -1).trim()}/`;
    }
    this.position = end + 1;
    return name;
  }

  private expectOpen(name: string): void {
    const found = this.openTag();
    if (found !== name) throw this.error(`expected <${name}>, found <${found}>`);
  }

  private expectClose(name: string): void {
    this.skipSpace();
    const tag = `</${name}>`;
    if (!this.xml.startsWith(tag, this.position)) {
      throw this.error(`expected ${tag}, found '${this.xml.slice(this.position, this.position + 20)}'`);
    }
    this.position += tag.length;
  }

  /** The raw text up to `closing`, consuming the closing tag. */
  private textUntil(closing: string): string {
    const end = this.xml.indexOf(closing, this.position);
    if (end < 0) throw this.error(`missing ${closing}`);
    const text = this.xml.slice(this.position, end);
    if (text.includes('<')) throw this.error(`unexpected markup before ${closing}`);
    this.position = end + closing.length;
    return text;
  }

  error(problem: string): XmlRpcParseError {
    return new XmlRpcParseError(problem, this.position);
  }
}

function parseDate(text: string, decoder: Decoder): Date {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) throw decoder.error(`dateTime.iso8601 '${text.slice(0, 40)}' is not a date`);
  const [, year, month, day, hour, minute, second, zone] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${zone ? (zone === 'Z' ? 'Z' : zone.replace(/(\d{2})(\d{2})$/, '$1:$2')) : 'Z'}`);
}

function toFault(value: XmlRpcValue): XmlRpcFault {
  const struct = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, XmlRpcValue>;
  return {
    faultCode: typeof struct.faultCode === 'number' ? struct.faultCode : 0,
    faultString: typeof struct.faultString === 'string' ? struct.faultString : String(struct.faultString ?? 'unknown fault'),
  };
}
