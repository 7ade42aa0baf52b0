import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PitwallError } from '../errors.js';

/** The file-system calls the check makes (tests hand in failing ones: a read-only mount cannot be faked otherwise). */
export interface DataDirFs {
  mkdirSync(path: string, options: { recursive: true }): unknown;
  writeFileSync(path: string, data: string): void;
  rmSync(path: string, options: { force: true }): void;
  statSync(path: string): { isDirectory(): boolean };
}

const nodeFs: DataDirFs = { mkdirSync, writeFileSync, rmSync, statSync };

/**
 * Makes sure DATA_DIR is a folder Pitwall can write to before anything is started, so a wrong path or a
 * read-only mount stops the start with a message that names the folder and the fix, not a raw stack.
 */
export function prepareDataDir(dataDir: string, fs: DataDirFs = nodeFs): void {
  const path = resolve(dataDir);
  try {
    fs.mkdirSync(path, { recursive: true });
    const probe = join(path, '.pitwall-write-check');
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (error) {
    throw dataDirError(dataDir, path, error, fs);
  }
}

function dataDirError(dataDir: string, path: string, error: unknown, fs: DataDirFs): PitwallError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  if (code === 'ENOTDIR' || code === 'EEXIST' || isFile(path, fs)) {
    return new PitwallError('PW_ERR_DATA_DIR_NOT_A_FOLDER', { dataDir, path, blocker: blockingFile(path, fs) ?? path }, { cause: error });
  }
  return new PitwallError('PW_ERR_DATA_DIR_UNWRITABLE', { dataDir, path, reason: describeFsError(error) }, { cause: error });
}

function isFile(path: string, fs: DataDirFs): boolean {
  try {
    return !fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The first existing part of `path` that is a file (what makes the folder impossible to create). */
function blockingFile(path: string, fs: DataDirFs): string | undefined {
  let current = path;
  for (;;) {
    if (isFile(current, fs)) return current;
    const parent = resolve(current, '..');
    if (parent === current) return undefined;
    current = parent;
  }
}

/** `EROFS (read-only file system)`: the code an owner can search for, and what it means. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const meaning: Record<string, string> = {
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOENT: 'a parent folder does not exist and cannot be created',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a file is in the way',
  };
  return code ? `${code} (${meaning[code] ?? (error as Error).message})` : String((error as Error)?.message ?? error);
}
