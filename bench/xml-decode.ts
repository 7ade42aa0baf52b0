import { XMLParser } from 'fast-xml-parser';
import { decodeMessage, encodeResponse, type XmlRpcValue } from '../core/gbx/codec.js';
import { encodeSandboxResponse } from '../core/sandbox/encoder.js';
import { SandboxWorld } from '../core/sandbox/world.js';
import { median } from './stats.js';

export interface DecodeResult {
  /** 'compact': as Pitwall's own encoder writes; 'server-shaped': with a server's <i4> and line breaks. */
  shape: 'compact' | 'server-shaped';
  bytes: number;
  pitwallPerSecond: number;
  fastXmlParserPerSecond: number;
}

/** fast-xml-parser configured for XML-RPC, plus the walk from its tree to XML-RPC values. */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'value' || name === 'member' || name === 'param',
});

type Node = Record<string, unknown>;

function fromTree(node: unknown): XmlRpcValue {
  if (typeof node === 'string') return node;
  const value = node as Node;
  const [type] = Object.keys(value);
  const content = type === undefined ? '' : value[type];
  switch (type) {
    case undefined:
      return '';
    case 'string':
      return String(content ?? '');
    case 'int':
    case 'i4':
      return Number(content);
    case 'double':
      return Number(content);
    case 'boolean':
      return content === '1';
    case 'base64':
      return Buffer.from(String(content), 'base64');
    case 'nil':
      return null;
    case 'array': {
      const data = (content as Node).data as Node | '';
      return data === '' ? [] : ((data.value as unknown[]) ?? []).map(fromTree);
    }
    case 'struct': {
      const struct: Record<string, XmlRpcValue> = {};
      for (const member of ((content as Node).member as Node[]) ?? []) struct[String(member.name)] = fromTree((member.value as unknown[])[0]);
      return struct;
    }
    default:
      throw new Error(`unknown type ${type}`);
  }
}

function decodeWithFastXmlParser(xml: string): XmlRpcValue {
  const tree = parser.parse(xml) as { methodResponse: { params: { param: { value: unknown[] }[] } } };
  return fromTree(tree.methodResponse.params.param[0]!.value[0]);
}

/** Decodes per second of a GetMapList-sized answer: our scanner vs fast-xml-parser + the same value walk. */
export async function benchXmlDecode(count: number): Promise<DecodeResult[]> {
  const world = new SandboxWorld();
  for (let index = 0; index < 20; index++) world.addPlayer(`player-${index}`, `$o$f80Player ${index} & co`, index % 5 === 0);
  const answer = [...world.players.values(), ...world.maps].map((entry) => ({ ...entry })) as XmlRpcValue;
  const results: DecodeResult[] = [];
  for (const [shape, xml] of [['compact', encodeResponse(answer)], ['server-shaped', encodeSandboxResponse(answer)]] as const) {
    const expected = JSON.stringify((decodeMessage(xml) as { value: XmlRpcValue }).value);
    if (JSON.stringify(decodeWithFastXmlParser(xml)) !== expected) throw new Error(`the two decoders disagree on the ${shape} answer`);
    const rate = (decode: (xml: string) => unknown) => (): number => {
      const start = performance.now();
      for (let index = 0; index < count; index++) decode(xml);
      return count / ((performance.now() - start) / 1000);
    };
    const ours = rate(decodeMessage);
    const theirs = rate(decodeWithFastXmlParser);
    ours();
    theirs();
    results.push({ shape, bytes: Buffer.byteLength(xml), pitwallPerSecond: await median(5, ours), fastXmlParserPerSecond: await median(5, theirs) });
  }
  return results;
}
