/**
 * XML-RPC written the way a dedicated server writes it, not the way Pitwall's client does, so the client's
 * decoder meets real-looking answers in every sandbox test: an XML declaration with `UTF-8`, integers as
 * `<i4>`, a newline after the structural tags (each param, struct member and array item on its own line),
 * and only & < > escaped in text. The shape follows public descriptions of real traffic (the ManiaNet
 * controller's protocol notes; GbxRemote.Net's test fixtures, which use <i4> and line breaks).
 */
import { XmlRpcDouble, type XmlRpcValue } from '../gbx/codec.js';

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function encodeSandboxResponse(value: XmlRpcValue): string {
  return `${DECLARATION}<methodResponse>\n<params>\n<param>${valueXml(value)}</param>\n</params>\n</methodResponse>`;
}

export function encodeSandboxFault(faultCode: number, faultString: string): string {
  return `${DECLARATION}<methodResponse>\n<fault>\n${valueXml({ faultCode, faultString })}\n</fault>\n</methodResponse>`;
}

export function encodeSandboxCallback(method: string, params: readonly XmlRpcValue[]): string {
  let xml = `${DECLARATION}<methodCall>\n<methodName>${escape(method)}</methodName>\n<params>\n`;
  for (const param of params) xml += `<param>${valueXml(param)}</param>\n`;
  return `${xml}</params>\n</methodCall>`;
}

function valueXml(value: XmlRpcValue): string {
  switch (typeof value) {
    case 'string':
      return `<value><string>${escape(value)}</string></value>`;
    case 'boolean':
      return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
    case 'number':
      return Number.isInteger(value) && Math.abs(value) <= 0x7fffffff ? `<value><i4>${value}</i4></value>` : `<value><double>${value}</double></value>`;
    default:
      break;
  }
  if (value === null) return '<value><string></string></value>';
  if (value instanceof XmlRpcDouble) return `<value><double>${value.value}</double></value>`;
  if (Buffer.isBuffer(value)) return `<value><base64>${value.toString('base64')}</base64></value>`;
  if (value instanceof Date) return `<value><dateTime.iso8601>${value.toISOString().slice(0, 19).replace(/[-]/g, '')}</dateTime.iso8601></value>`;
  if (Array.isArray(value)) {
    let xml = '<value><array><data>\n';
    for (const item of value) xml += `${valueXml(item)}\n`;
    return `${xml}</data></array></value>`;
  }
  let xml = '<value><struct>\n';
  for (const [name, member] of Object.entries(value)) {
    if (member !== undefined) xml += `<member><name>${escape(name)}</name>${valueXml(member)}</member>\n`;
  }
  return `${xml}</struct></value>`;
}

function escape(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : text;
}
