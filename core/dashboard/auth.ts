import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SlidingWindow } from '../sliding-window.js';

/** The name the owner acts under in access control, logs and the admin app's action log. */
export const OWNER_ACTOR = 'dashboard:owner';

/** A one-time login link is good for this long. */
export const LOGIN_LINK_TTL_MS = 10 * 60 * 1000;
/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

const token = (): string => randomBytes(32).toString('base64url');
const digest = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** Whether two secrets are equal, in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(digest(a));
  const right = Buffer.from(digest(b));
  return timingSafeEqual(left, right);
}

/** One-time login links: only a digest of each token is kept, and a token works once, within its time. */
export class LoginLinks {
  private readonly links = new Map<string, { actor: string; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new token that logs its user in as `actor`. */
  issue(actor: string): string {
    this.prune();
    const value = token();
    this.links.set(digest(value), { actor, expires: this.now() + LOGIN_LINK_TTL_MS });
    return value;
  }

  /** The actor of a valid token, which is used up; undefined for an unknown, used or expired one. */
  consume(value: string): string | undefined {
    const key = digest(value);
    const link = this.links.get(key);
    this.links.delete(key);
    if (!link || link.expires <= this.now()) return undefined;
    return link.actor;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, link] of this.links) if (link.expires <= now) this.links.delete(key);
  }
}

export interface DashboardSession {
  actor: string;
  /** Sent back with every state-changing request (X-CSRF-Token). */
  csrf: string;
  lastSeen: number;
}

/** Sessions by the id in their cookie (only a digest of the id is kept, like the links). */
export class Sessions {
  private readonly sessions = new Map<string, DashboardSession>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new session for `actor`; returns the cookie value and the session. */
  create(actor: string): { id: string; session: DashboardSession } {
    const now = this.now();
    for (const [key, session] of this.sessions) if (now - session.lastSeen > SESSION_IDLE_MS) this.sessions.delete(key);
    const id = token();
    const session = { actor, csrf: token(), lastSeen: this.now() };
    this.sessions.set(digest(id), session);
    return { id, session };
  }

  /** The live session of a cookie value, its idle time reset. */
  get(id: string | undefined): DashboardSession | undefined {
    if (!id) return undefined;
    const key = digest(id);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (this.now() - session.lastSeen > SESSION_IDLE_MS) {
      this.sessions.delete(key);
      return undefined;
    }
    session.lastSeen = this.now();
    return session;
  }

  end(id: string): void {
    this.sessions.delete(digest(id));
  }

  /** Ends every session (the password changed); returns how many there were. */
  endAll(): number {
    const count = this.sessions.size;
    this.sessions.clear();
    return count;
  }

  get size(): number {
    return this.sessions.size;
  }
}

/** Failed login attempts per address: at most `count` within `windowMs`, then every attempt is refused. */
export class LoginLimiter {
  private readonly failures = new Map<string, SlidingWindow>();

  constructor(
    readonly count = 5,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `address` may try now. */
  allows(address: string): boolean {
    return (this.failures.get(address)?.count(this.now()) ?? 0) < this.count;
  }

  failed(address: string): void {
    let window = this.failures.get(address);
    if (!window) this.failures.set(address, (window = new SlidingWindow(this.windowMs)));
    window.add(this.now());
  }

  /** Seconds until an address that is refused may try again (the window's length: simple and never too short). */
  get retryAfterSeconds(): number {
    return Math.ceil(this.windowMs / 1000);
  }
}
