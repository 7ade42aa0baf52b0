import type { MulticallEntry } from '../gbx/client.js';
import { XmlRpcDouble, type XmlRpcValue } from '../gbx/codec.js';

/**
 * Characters a request to the dedicated server must not carry: C0 controls other than tab and line breaks
 * (XML 1.0 has no way to write them, so one NUL makes the whole XML-RPC request unreadable), DEL and the C1
 * controls, lone surrogates, and the non-characters U+FFFE / U+FFFF.
 */
const UNSENDABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** A quick first look: one character class (surrogate pairs, as in emoji, also match it and take the exact path). */
const MAYBE_UNSENDABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]/;

/** `text` without the characters a request cannot carry; most text has none and is returned as it is. */
export function sendableText(text: string): string {
  return MAYBE_UNSENDABLE.test(text) ? text.replace(UNSENDABLE, '') : text;
}

/** A parameter with every string in it made sendable, structs and arrays included (copied only when needed). */
export function sendableValue(value: XmlRpcValue): XmlRpcValue {
  if (typeof value === 'string') return sendableText(value);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date || value instanceof XmlRpcDouble) return value;
  if (Array.isArray(value)) return sendableParams(value);
  let changed = false;
  const fields = Object.entries(value).map(([key, field]): [string, XmlRpcValue] => {
    const clean = sendableValue(field);
    if (clean !== field) changed = true;
    return [key, clean];
  });
  // fromEntries defines own properties: a field named __proto__ stays a field.
  return changed ? Object.fromEntries(fields) : value;
}

/** Parameters made sendable; the same array when nothing had to change. */
export function sendableParams<T extends readonly XmlRpcValue[]>(params: T): T {
  let copy: XmlRpcValue[] | undefined;
  for (let index = 0; index < params.length; index++) {
    const param = params[index]!;
    const clean = sendableValue(param);
    if (clean !== param) (copy ??= [...params])[index] = clean;
  }
  return (copy ?? params) as T;
}

/** Multicall entries with sendable parameters. */
export function sendableCalls(calls: readonly MulticallEntry[]): readonly MulticallEntry[] {
  let copy: MulticallEntry[] | undefined;
  for (let index = 0; index < calls.length; index++) {
    const [method, params] = calls[index]!;
    const clean = params && sendableParams(params);
    if (clean !== params) (copy ??= [...calls])[index] = [method, clean];
  }
  return copy ?? calls;
}
