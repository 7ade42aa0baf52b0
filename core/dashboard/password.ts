import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PitwallError } from '../errors.js';

/** The shortest and longest password `pitwall dashboard passwd` accepts. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 1024;

/** scrypt's cost: N = 2^15, r = 8, p = 1 (about 32 MB and a tenth of a second per check), a 64-byte key. */
const COST = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 64;

export function passwordFilePath(dataDir: string): string {
  return join(dataDir, 'dashboard-password');
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Why `password` cannot be the dashboard's, or undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `it has ${password.length} characters, fewer than ${PASSWORD_MIN}`;
  if (password.length > PASSWORD_MAX) return `it has more than ${PASSWORD_MAX} characters`;
  if (/[\r\n]/.test(password)) return 'it spans more than one line';
  return undefined;
}

/**
 * Stores the owner's password as `scrypt$N$r$p$salt$key` (a fresh 16-byte salt, base64url) in
 * DATA_DIR/dashboard-password, readable by its owner only. The file is replaced whole, so a running
 * dashboard never reads half of it.
 */
export async function setPassword(dataDir: string, password: string): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const problem = passwordProblem(password);
  if (problem) throw new PitwallError('PW_ERR_DASHBOARD_PASSWORD', { problem });
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  const file = passwordFilePath(dataDir);
  const next = `${file}.${process.pid}.tmp`;
  writeFileSync(next, `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}\n`, { mode: 0o600 });
  renameSync(next, file);
  return file;
}

/** The stored hash line, or undefined when no password is set (or the file cannot be read). */
export function storedPassword(dataDir: string): string | undefined {
  try {
    const text = readFileSync(passwordFilePath(dataDir), 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Whether `password` matches the stored line (compared in constant time); false for a malformed line. */
export async function checkPassword(stored: string, password: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((value) => Number.isSafeInteger(value) && value > 0)) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_LENGTH || password.length > PASSWORD_MAX) return false;
  const key = await derive(password, salt, { N, r, p, maxmem: 128 * N * r * 2 });
  return timingSafeEqual(key, expected);
}
