import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger.js';
import { OWNER_ACTOR, type LoginLimiter, type LoginLinks, type Sessions } from './auth.js';
import { escapeHtml, HttpProblem, readFields } from './http.js';
import { checkPassword } from './password.js';

/** The cookie that carries a dashboard session's id. */
export const SESSION_COOKIE = 'pitwall_session';

/** The login page: the one-time link's button when `token` looks like one, the password form when one is set. */
export function loginPageHtml(token: string, passwordSet: boolean, problem?: string): string {
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? `<form method="post" action="/login"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit" id="login">Log in to the dashboard</button></form>`
    : '<p>Open the one-time link that <code>pitwall dashboard link</code> prints (or that <code>//dashboard</code> gives an admin in game).</p>';
  const password = passwordSet
    ? '<form method="post" action="/login" id="password-form"><label>Owner password <input type="password" name="password" id="password" autocomplete="current-password" required></label> <button type="submit" id="password-login">Log in</button></form>'
    : '';
  const error = problem ? `<p class="error" id="login-error" role="alert">${escapeHtml(problem)}</p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pitwall: log in</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/static/style.css"></head><body class="login"><main><h1>Pitwall</h1>${error}${password}${link}</main></body></html>`;
}

export interface LoginDeps {
  links: LoginLinks;
  sessions: Sessions;
  limiter: LoginLimiter;
  /** The stored password line, if one is set. */
  password: string | undefined;
  log: Logger;
  /** Answers a form login with the page again and its problem. */
  loginPage(problem: string, status: number): void;
}

/** POST /login: a one-time link's token or the owner's password gives a session cookie; failures are limited per address. */
export async function logIn(request: IncomingMessage, response: ServerResponse, deps: LoginDeps): Promise<void> {
  const address = request.socket.remoteAddress ?? 'unknown';
  if (!deps.limiter.allows(address)) {
    throw new HttpProblem(429, `Too many failed logins from ${address}: wait ${deps.limiter.retryAfterSeconds} s, then open a new link.`, { 'retry-after': String(deps.limiter.retryAfterSeconds) });
  }
  const fields = await readFields(request);
  const fromForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  let actor: string | undefined;
  if (fields.password !== undefined) {
    const stored = deps.password;
    if (!stored) throw new HttpProblem(401, 'No dashboard password is set: set one with `pitwall dashboard passwd`, or log in with a link from `pitwall dashboard link`.');
    const ok = typeof fields.password === 'string' && (await checkPassword(stored, fields.password));
    if (!ok) {
      deps.limiter.failed(address);
      deps.log.warn(`A dashboard login from ${address} was refused: wrong password`);
      const message = 'Wrong password.';
      if (fromForm) return deps.loginPage(message, 401);
      throw new HttpProblem(401, message);
    }
    actor = OWNER_ACTOR;
  } else {
    const { token } = fields;
    actor = typeof token === 'string' ? deps.links.consume(token) : undefined;
    if (!actor) {
      deps.limiter.failed(address);
      deps.log.warn(`A dashboard login from ${address} was refused: the link is unknown, used or expired`);
      throw new HttpProblem(401, 'This login link is unknown, already used or expired: print a new one with `pitwall dashboard link`.');
    }
  }
  const { id } = deps.sessions.create(actor);
  deps.log.info(`${actor} logged in to the dashboard from ${address}${fields.password !== undefined ? ' with the password' : ''}`);
  response.writeHead(303, {
    location: '/',
    'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict`,
    'cache-control': 'no-store',
  });
  response.end();
}
