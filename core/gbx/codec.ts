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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text content with only the three entities every peer writes and real servers are known to read
 * (PyPlanet through Python's xmlrpc.client, GbxRemote.Net through XElement): quotes and apostrophes need no
 * escape outside attributes, so they go out as they are.
 */
export function escapeText(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/[&<>]/g, (char) => ESCAPES[char]!) : text;
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
  const decoder = new Decoder(xml);
  return decoder.serverResponse() ?? decoder.message();
}

/**
 * The envelope of every answer a dedicated server writes (see test/fixtures/gbx/server-get-version.xml and its
 * sources): matched as two fixed strings, so only the value inside is scanned. Anything else (a fault, another
 * client's spelling) takes the general path.
 */
const SERVER_RESPONSE_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<methodResponse>\n<params>\n<param>';
const SERVER_RESPONSE_TAIL = '</param>\n</params>\n</methodResponse>';

const CDATA_OPEN = '<![CDATA[';

/**
 * A forward scanner over one XML-RPC body. It accepts every well-formed spelling peers use: an XML
 * declaration, whitespace and comments between tags, CDATA sections, entities, self-closing empty elements
 * and attributes; the common case (plain text between two tags) takes a fast path of two indexOf calls.
 */
class Decoder {
  private position = 0;
  /** The tag last read by readTag: its name ('/name' for a closing tag) and whether it was <name/>. */
  private tagName = '';
  private tagEmpty = false;

  constructor(private readonly xml: string) {}

  /** An answer in the server's own envelope, its value decoded; undefined when the envelope is another. */
  serverResponse(): DecodedMessage | undefined {
    const xml = this.xml;
    // lastIndexOf from 0 and indexOf from the tail each look at one place only, and compare faster than a
    // startsWith of this length (which V8 walks a character at a time).
    if (xml.lastIndexOf(SERVER_RESPONSE_HEAD, 0) !== 0) return undefined;
    let end = xml.length;
    while (end > 0 && isSpace(xml.charCodeAt(end - 1))) end--;
    const tail = end - SERVER_RESPONSE_TAIL.length;
    if (tail < SERVER_RESPONSE_HEAD.length || xml.indexOf(SERVER_RESPONSE_TAIL, tail) !== tail) return undefined;
    this.position = SERVER_RESPONSE_HEAD.length;
    const value = this.value();
    this.skipSpace();
    if (this.position !== tail) {
      // More than one value in the param: the general path says what is wrong.
      this.position = 0;
      return undefined;
    }
    return { kind: 'response', value };
  }

  message(): DecodedMessage {
    this.skipProlog();
    this.readTag();
    const root = this.tagName;
    if (root === 'methodCall') {
      this.expectTag('methodName');
      const method = this.tagEmpty ? '' : this.text('</methodName>');
      const params = this.params();
      this.expectClose('methodCall');
      return { kind: 'call', method, params };
    }
    if (root === 'methodResponse') {
      if (this.atTag('fault')) {
        this.readTag();
        const fault = this.value();
        this.expectClose('fault');
        this.expectClose('methodResponse');
        return { kind: 'fault', fault: toFault(fault) };
      }
      const params = this.params();
      this.expectClose('methodResponse');
      return { kind: 'response', value: params.length > 0 ? params[0]! : null };
    }
    throw this.error(`expected <methodCall> or <methodResponse>, found <${root}>`);
  }

  private params(): XmlRpcValue[] {
    const params: XmlRpcValue[] = [];
    if (!this.atTag('params')) return params;
    this.readTag();
    if (this.tagEmpty) return params;
    while (!this.atClosingTag()) {
      this.expectTag('param');
      if (this.tagEmpty) continue;
      params.push(this.value());
      this.expectClose('param');
    }
    this.expectClose('params');
    return params;
  }

  private value(): XmlRpcValue {
    this.expectTag('value');
    if (this.tagEmpty) return '';
    return this.valueContent();
  }

  /** What follows a `<value>`: the value, and its `</value>`. */
  private valueContent(): XmlRpcValue {
    const xml = this.xml;
    const start = this.position;
    const next = xml.indexOf('<', start);
    if (next < 0) throw this.error('unterminated <value>');
    // A value without a type tag is a string.
    if (xml.startsWith('</value>', next)) {
      this.position = next + 8;
      return unescapeText(xml.slice(start, next));
    }
    if (xml.charCodeAt(next + 1) === 33) {
      // '<!': a CDATA section (an untyped string) or a comment (before a type tag or inside a string).
      const untyped = this.mixedText('</value>', true);
      if (untyped !== undefined) return untyped;
    } else {
      this.position = next;
      const known = knownType(xml, next);
      if (known !== undefined) {
        this.position = next + known.length + 2;
        const result = this.typedValue(known);
        this.expectClose('value');
        return result;
      }
    }
    this.readTag();
    const type = this.tagName;
    const result = this.tagEmpty ? this.emptyValue(type) : this.typedValue(type);
    this.expectClose('value');
    return result;
  }

  private typedValue(type: string): XmlRpcValue {
    switch (type) {
      case 'string':
        return this.text('</string>');
      case 'int':
      case 'i4':
      case 'i8':
        return this.integer(type);
      case 'double':
        return this.number('double');
      case 'boolean': {
        const text = this.text('</boolean>').trim();
        if (text !== '0' && text !== '1') throw this.error(`boolean must be 0 or 1, got '${text}'`);
        return text === '1';
      }
      case 'base64':
        return Buffer.from(this.text('</base64>').replace(/\s+/g, ''), 'base64');
      case 'dateTime.iso8601':
        return parseDate(this.text('</dateTime.iso8601>').trim(), this);
      case 'array':
        return this.array();
      case 'struct':
        return this.struct();
      case 'nil':
        this.expectClose('nil');
        return null;
      default:
        throw this.error(`unknown value type <${type}>`);
    }
  }

  /** <string/>, <base64/>, <nil/>, <array/>, <struct/>: the empty value of that type. */
  private emptyValue(type: string): XmlRpcValue {
    switch (type) {
      case 'string':
        return '';
      case 'base64':
        return Buffer.alloc(0);
      case 'nil':
        return null;
      case 'array':
        return [];
      case 'struct':
        return {};
      default:
        throw this.error(`empty <${type}/> has no value`);
    }
  }

  private integer(type: string): number {
    // Digits straight up to the closing tag: the spelling servers send.
    const xml = this.xml;
    let position = this.position;
    const negative = xml.charCodeAt(position) === 45;
    if (negative) position++;
    const first = position;
    let value = 0;
    for (let code = xml.charCodeAt(position); code >= 48 && code <= 57 && position - first < 10; code = xml.charCodeAt(++position)) {
      value = value * 10 + (code - 48);
    }
    if (position > first && xml.charCodeAt(position) === 60 && xml.charCodeAt(position + 1) === 47 && xml.startsWith(type, position + 2) && xml.charCodeAt(position + 2 + type.length) === 62) {
      this.position = position + 3 + type.length;
      return negative ? -value : value;
    }
    const text = this.text(`</${type}>`).trim();
    if (!/^[+-]?\d+$/.test(text)) throw this.error(`<${type}> must hold a whole number, got '${text.slice(0, 40)}'`);
    return Number(text);
  }

  private number(type: string): number {
    const text = this.text(`</${type}>`).trim();
    const value = Number(text);
    if (text === '' || Number.isNaN(value)) throw this.error(`<${type}> must hold a number, got '${text.slice(0, 40)}'`);
    return value;
  }

  private array(): XmlRpcValue[] {
    const items: XmlRpcValue[] = [];
    this.expectTag('data');
    if (!this.tagEmpty) {
      while (!this.atClosingTag()) items.push(this.value());
      this.expectClose('data');
    }
    this.expectClose('array');
    return items;
  }

  private struct(): { [key: string]: XmlRpcValue } {
    const members: { [key: string]: XmlRpcValue } = {};
    const xml = this.xml;
    for (let index = 0; !this.atClosingTag(); index++) {
      let name: string;
      let value: XmlRpcValue;
      // The spelling servers send, <member><name>N</name><value>...</value></member>, read by fixed strings;
      // any other goes tag by tag.
      if (xml.startsWith('<member><name>', this.position)) {
        this.position += 14;
        name = this.memberName(index);
        if (xml.startsWith('<value>', this.position)) {
          this.position += 7;
          value = this.valueContent();
        } else value = this.value();
      } else {
        this.expectTag('member');
        if (this.tagEmpty) continue;
        this.expectTag('name');
        name = this.tagEmpty ? '' : this.memberName(index);
        value = this.value();
      }
      // Object.defineProperty so a member called __proto__ stays data, not a prototype change.
      if (name === '__proto__') Object.defineProperty(members, name, { value, enumerable: true, writable: true, configurable: true });
      else members[name] = value;
      if (xml.startsWith('</member>', this.position)) this.position += 9;
      else this.expectClose('member');
    }
    this.expectClose('struct');
    return members;
  }

  /**
   * The name of the struct's `index`th member, up to and including </name>. Structs of one kind come with the
   * same names in the same order (500 maps of GetMapList): the name read last at this place is reused when the
   * text matches it, which spares taking the name out of the text and looking it up as a property key.
   */
  private memberName(index: number): string {
    const xml = this.xml;
    const position = this.position;
    const known = index < MEMBER_NAMES_KEPT ? memberNames[index] : undefined;
    if (known !== undefined && xml.startsWith(known, position) && xml.startsWith('</name>', position + known.length)) {
      this.position = position + known.length + 7;
      return known;
    }
    const name = this.text('</name>');
    // Only names with no markup or entity are kept: for them the text is the name. Kept as a copy, so that a
    // name taken out of the text does not keep the whole text alive.
    if (index < MEMBER_NAMES_KEPT && !/[&<]/.test(name)) memberNames[index] = JSON.parse(JSON.stringify(name)) as string;
    return name;
  }

  // -- low-level scanning

  private skipProlog(): void {
    // A byte-order mark, then the XML declaration and a document type declaration, each optional.
    if (this.xml.charCodeAt(0) === 0xfeff) this.position = 1;
    this.skipSpace();
    for (const [open, close] of PROLOG_PARTS) {
      if (!this.xml.startsWith(open, this.position)) continue;
      const end = this.xml.indexOf(close, this.position);
      if (end < 0) throw this.error(`unterminated ${open}`);
      this.position = end + close.length;
      this.skipSpace();
    }
  }

  /** Skips whitespace, comments and processing instructions. */
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
      } else if (code === 60 && xml.charCodeAt(position + 1) === 63) {
        const end = xml.indexOf('?>', position + 2);
        if (end < 0) throw this.error('unterminated processing instruction');
        position = end + 2;
      } else break;
    }
    this.position = position;
  }

  /** Whether the next tag (after whitespace) opens `name`, without consuming it. */
  private atTag(name: string): boolean {
    this.skipSpace();
    const xml = this.xml;
    const position = this.position;
    if (xml.charCodeAt(position) !== 60 || !xml.startsWith(name, position + 1)) return false;
    const after = xml.charCodeAt(position + 1 + name.length);
    return after === 62 || after === 47 || after === 32 || after === 9 || after === 10 || after === 13;
  }

  /** Whether the cursor (after whitespace) is at a closing tag. */
  private atClosingTag(): boolean {
    this.skipSpace();
    return this.xml.charCodeAt(this.position) === 60 && this.xml.charCodeAt(this.position + 1) === 47;
  }

  /** Consumes the tag at the cursor into tagName / tagEmpty; attributes are read past and ignored. */
  private readTag(): void {
    this.skipSpace();
    const xml = this.xml;
    const start = this.position;
    if (xml.charCodeAt(start) !== 60) throw this.error('expected a tag');
    const end = xml.indexOf('>', start);
    if (end < 0) throw this.error('unterminated tag');
    this.tagEmpty = xml.charCodeAt(end - 1) === 47;
    const last = this.tagEmpty ? end - 1 : end;
    let nameEnd = start + 1;
    for (; nameEnd < last; nameEnd++) {
      const code = xml.charCodeAt(nameEnd);
      if (code === 32 || code === 9 || code === 10 || code === 13) break;
    }
    this.tagName = xml.slice(start + 1, nameEnd);
    this.position = end + 1;
  }

  /** Consumes `<name>` or `<name/>` (tagEmpty tells which). */
  private expectTag(name: string): void {
    this.skipSpace();
    const xml = this.xml;
    const position = this.position;
    // The spelling servers send, `<name>` exactly, read without taking the name out of the text.
    if (xml.charCodeAt(position) === 60 && xml.charCodeAt(position + 1 + name.length) === 62 && xml.startsWith(name, position + 1)) {
      this.tagName = name;
      this.tagEmpty = false;
      this.position = position + 2 + name.length;
      return;
    }
    this.readTag();
    if (this.tagName !== name) {
      throw this.error(this.tagName.startsWith('/') ? `unexpected closing tag <${this.tagName}>` : `expected <${name}>, found <${this.tagName}>`);
    }
  }

  private expectClose(name: string): void {
    this.skipSpace();
    const xml = this.xml;
    const position = this.position;
    if (xml.charCodeAt(position) === 60 && xml.charCodeAt(position + 1) === 47 && xml.startsWith(name, position + 2)) {
      let end = position + 2 + name.length;
      // XML allows whitespace before the '>' of a closing tag.
      while (xml.charCodeAt(end) === 32 || xml.charCodeAt(end) === 9 || xml.charCodeAt(end) === 10 || xml.charCodeAt(end) === 13) end++;
      if (xml.charCodeAt(end) === 62) {
        this.position = end + 1;
        return;
      }
    }
    throw this.error(`expected </${name}>, found '${xml.slice(position, position + 20)}'`);
  }

  /** The character data up to `closing`, entities decoded; consumes the closing tag. */
  private text(closing: string): string {
    const xml = this.xml;
    const end = xml.indexOf(closing, this.position);
    // Not found: perhaps spelled with whitespace before its '>' (mixedText says 'missing' if not).
    if (end < 0) return this.mixedText(closing, false)!;
    const raw = xml.slice(this.position, end);
    if (raw.includes('<')) return this.mixedText(closing, false)!;
    this.position = end + closing.length;
    return unescapeText(raw);
  }

  /**
   * Character data mixed with CDATA sections (kept verbatim) and comments (dropped), up to `closing`. With
   * `elementMayFollow`, meeting an element after nothing but whitespace returns undefined and leaves the
   * cursor on it: a typed value follows.
   */
  private mixedText(closing: string, elementMayFollow: boolean): string | undefined {
    const xml = this.xml;
    let position = this.position;
    let result = '';
    let sawData = false;
    for (;;) {
      const next = xml.indexOf('<', position);
      if (next < 0) throw this.error(`missing ${closing}`);
      const chunk = xml.slice(position, next);
      result += unescapeText(chunk);
      if (xml.startsWith(CDATA_OPEN, next)) {
        const end = xml.indexOf(']]>', next + CDATA_OPEN.length);
        if (end < 0) {
          this.position = next;
          throw this.error('unterminated CDATA section');
        }
        result += xml.slice(next + CDATA_OPEN.length, end);
        sawData = true;
        position = end + 3;
      } else if (xml.startsWith('<!--', next)) {
        const end = xml.indexOf('-->', next + 4);
        if (end < 0) throw this.error('unterminated comment');
        position = end + 3;
      } else if (xml.startsWith(closing, next)) {
        this.position = next + closing.length;
        return result;
      } else if (xml.startsWith(closing.slice(0, -1), next) && isSpacedEnd(xml, next + closing.length - 1)) {
        this.position = xml.indexOf('>', next) + 1;
        return result;
      } else if (elementMayFollow && !sawData && result.trim() === '') {
        this.position = next;
        return undefined;
      } else {
        this.position = next;
        throw this.error(`unexpected markup before ${closing}`);
      }
    }
  }

  error(problem: string): XmlRpcParseError {
    return new XmlRpcParseError(problem, this.position);
  }
}

const MEMBER_NAMES_KEPT = 64;
/** Per member position, the last plain name read there (see Decoder.memberName). */
const memberNames: (string | undefined)[] = [];

const PROLOG_PARTS = [['<?xml', '?>'], ['<!DOCTYPE', '>']] as const;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** The value types spelled `<type>` at `position`, recognised by their first letter without taking the name out of the text. */
function knownType(xml: string, position: number): string | undefined {
  switch (xml.charCodeAt(position + 1)) {
    case 115: // s
      return isTag(xml, position, 'string') ? 'string' : isTag(xml, position, 'struct') ? 'struct' : undefined;
    case 105: // i
      return isTag(xml, position, 'i4') ? 'i4' : isTag(xml, position, 'int') ? 'int' : undefined;
    case 98: // b
      return isTag(xml, position, 'boolean') ? 'boolean' : undefined;
    case 100: // d
      return isTag(xml, position, 'double') ? 'double' : undefined;
    case 97: // a
      return isTag(xml, position, 'array') ? 'array' : undefined;
    default:
      return undefined;
  }
}

/** Whether `<name>` is spelled at `position`. */
function isTag(xml: string, position: number, name: string): boolean {
  return xml.charCodeAt(position + 1 + name.length) === 62 && xml.startsWith(name, position + 1);
}

/** Whether whitespace and then '>' follow at `position` (a closing tag spelled `</name >`). */
function isSpacedEnd(xml: string, position: number): boolean {
  let end = position;
  while (xml.charCodeAt(end) === 32 || xml.charCodeAt(end) === 9 || xml.charCodeAt(end) === 10 || xml.charCodeAt(end) === 13) end++;
  return end > position && xml.charCodeAt(end) === 62;
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
