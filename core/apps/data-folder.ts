import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeFsError } from '../config/data-dir.js';
import { PitwallError } from '../errors.js';

/** Where app `id` keeps its files: DATA_DIR/apps/<id>. */
export function appDataPath(dataDir: string, id: string): string {
  return join(dataDir, 'apps', id);
}

/**
 * ctx.dataDir: the folder is created the first time the app asks for it, not for every app at boot (most apps
 * keep their data in the database, and a mkdir is a disk round trip). A folder that cannot be created throws
 * PW_ERR_APP_DATA_DIR in the app's own code, so it fails that app only; the next read tries again.
 */
export function lazyDataFolder(id: string, path: string): () => string {
  let created = false;
  return () => {
    if (created) return path;
    try {
      mkdirSync(path, { recursive: true });
    } catch (error) {
      throw new PitwallError('PW_ERR_APP_DATA_DIR', { id, path: resolve(path), reason: describeFsError(error) }, { cause: error });
    }
    created = true;
    return path;
  };
}
