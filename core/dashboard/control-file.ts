import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PitwallError } from '../errors.js';

/**
 * How a shell reaches the running controller's dashboard: DATA_DIR/dashboard.json (readable by its owner
 * only) holds the dashboard's address and a key that lets `pitwall dashboard link` ask for a login link.
 */
export interface ControlFile {
  url: string;
  key: string;
  pid: number;
}

export function controlFilePath(dataDir: string): string {
  return join(dataDir, 'dashboard.json');
}

/** Writes the file; returns why it could not (a full or read-only DATA_DIR must not stop the controller). */
export function writeControlFile(dataDir: string, control: ControlFile): string | undefined {
  try {
    writeFileSync(controlFilePath(dataDir), `${JSON.stringify(control)}\n`, { mode: 0o600 });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Removes the file when it is still this process's own. */
export function removeControlFile(dataDir: string, key: string): void {
  try {
    const current = JSON.parse(readFileSync(controlFilePath(dataDir), 'utf8')) as Partial<ControlFile>;
    if (current.key === key) rmSync(controlFilePath(dataDir), { force: true });
  } catch {
    // Gone already, or another controller's: nothing to do.
  }
}

/** Asks the running controller for a one-time login link (what `pitwall dashboard link` prints). */
export async function requestLoginLink(dataDir: string): Promise<string> {
  const file = controlFilePath(dataDir);
  let control: ControlFile;
  try {
    control = JSON.parse(readFileSync(file, 'utf8')) as ControlFile;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new PitwallError('PW_ERR_DASHBOARD_NOT_RUNNING', { file, reason: missing ? 'the file does not exist, so no controller with a dashboard runs on this DATA_DIR' : `the file cannot be read (${(error as Error).message})` });
  }
  let response: Response;
  try {
    response = await fetch(new URL('/internal/link', control.url), { method: 'POST', headers: { authorization: `Bearer ${control.key}` }, signal: AbortSignal.timeout(5000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new PitwallError('PW_ERR_DASHBOARD_NOT_RUNNING', { file, reason: `nothing answers at ${control.url} (${cause}); the controller that wrote it has stopped` });
  }
  if (!response.ok) throw new PitwallError('PW_ERR_DASHBOARD_NOT_RUNNING', { file, reason: `the dashboard at ${control.url} refused the request (HTTP ${response.status}); another controller now uses that port` });
  return ((await response.json()) as { url: string }).url;
}

/**
 * Tells the running controller that the password file changed, so it ends every session now (it would at its
 * next request anyway). Returns false when no controller with a dashboard answers.
 */
export async function announcePasswordChange(dataDir: string): Promise<boolean> {
  try {
    const control = JSON.parse(readFileSync(controlFilePath(dataDir), 'utf8')) as ControlFile;
    const response = await fetch(new URL('/internal/password', control.url), { method: 'POST', headers: { authorization: `Bearer ${control.key}` }, signal: AbortSignal.timeout(5000) });
    return response.ok;
  } catch {
    return false;
  }
}
