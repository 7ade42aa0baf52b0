import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { sameSecret, type DashboardSession } from './auth.js';
import { HttpProblem } from './http.js';

/** Whether the dashboard listens on loopback only (anywhere else needs a password). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Only the dashboard's own names: a page elsewhere cannot reach it through DNS rebinding. */
export function checkHost(request: IncomingMessage, port: number, dashboardHost: string): void {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${dashboardHost}:${port}`]);
  const given = String(request.headers.host ?? '');
  // Bound beyond loopback (a password is set), the machine's own addresses are answered too; a name still is
  // not, unless it is DASHBOARD.host: an address cannot be rebound.
  const literal = /^(\[[0-9a-fA-F:.]+\]|\d{1,3}(\.\d{1,3}){3}):(\d+)$/.exec(given);
  const ownAddress = !isLoopback(dashboardHost) && literal !== null && literal[3] === String(port) && isIP(literal[1]!.replace(/^\[|\]$/g, '')) !== 0;
  if (!allowed.has(given) && !ownAddress) throw new HttpProblem(403, `The dashboard answers only as http://127.0.0.1:${port}/.`);
}

/**
 * Browsers say where a request comes from: Sec-Fetch-Site, and Origin (which is 'null' under the pages'
 * no-referrer policy). Scripts (curl, the owner's own) send neither and carry the CSRF token instead.
 */
export function checkOrigin(request: IncomingMessage): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const foreignSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  const foreignOrigin = origin !== undefined && origin !== 'null' && origin !== `http://${request.headers.host}`;
  if (foreignSite || foreignOrigin) throw new HttpProblem(403, 'A request from another site was refused.');
}

export function checkCsrf(request: IncomingMessage, session: DashboardSession): void {
  const given = request.headers['x-csrf-token'];
  if (typeof given !== 'string' || !sameSecret(given, session.csrf)) {
    throw new HttpProblem(403, 'Missing or stale CSRF token: reload the page (the X-CSRF-Token header must carry the csrf of GET /api/session).');
  }
}
