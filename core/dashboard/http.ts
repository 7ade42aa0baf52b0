import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pages, scripts and styles, served as they are (no build step). */
export const PUBLIC_FOLDER = fileURLToPath(new URL('../../../core/dashboard/public/', import.meta.url));

/** The largest request body accepted (a command line, a reason, a chat line). */
export const MAX_BODY_BYTES = 16 * 1024;

/** No inline script or style anywhere: what a nickname or a map name holds can never run. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // A login link's token must never go out in a Referer header.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A request that is answered with `status` and a JSON `{ error }` body. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function send(response: ServerResponse, status: number, body: string, type: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
  send(response, status, JSON.stringify(value), 'application/json; charset=utf-8', headers);
}

export function securityHeaders(): Record<string, string> {
  return { ...SECURITY_HEADERS };
}

/** The body as text, refusing more than MAX_BODY_BYTES (413) before reading it all. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new HttpProblem(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON object body, or a form body for the login page (which works without script). */
export async function readFields(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(request);
  const type = String(request.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === '') return {};
  if (type !== 'application/json') throw new HttpProblem(415, 'Send the body as application/json.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'The body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpProblem(400, 'The body must be a JSON object.');
  return value as Record<string, unknown>;
}

export function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of String(request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** A file of the public folder, or undefined (never a path outside it). */
export async function publicFile(name: string): Promise<{ body: Buffer; type: string } | undefined> {
  const type = TYPES[extname(name)];
  if (!type || !/^[a-z0-9-]+\.[a-z]+$/.test(name)) return undefined;
  const path = resolve(PUBLIC_FOLDER, name);
  if (!path.startsWith(PUBLIC_FOLDER.endsWith(sep) ? PUBLIC_FOLDER : PUBLIC_FOLDER + sep)) return undefined;
  try {
    return { body: await readFile(path), type };
  } catch {
    return undefined;
  }
}

/** Text for HTML (the server renders only the login page; everything else is built with textContent). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
