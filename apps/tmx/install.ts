import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GbxFault, type GameServer, type XmlRpcValue } from '../../core/index.js';
import type { TmxMap } from './client.js';

/** Where downloaded maps go, relative to the server's Maps folder. */
export const TMX_FOLDER = 'Downloaded/TMX';

export interface Installed {
  fileName: string;
  /** How the file reached the server. */
  via: 'WriteFile' | 'local folder';
}

/** Why a map could not be put on the server; the message is the admin's answer. */
export class InstallError extends Error {
  override name = 'InstallError';
}

/**
 * Puts a downloaded map on the server: straight into its Maps folder when that folder is on this machine and
 * writable, else through WriteFile (so Pitwall may run elsewhere), then InsertMap (played next) or AddMap (at
 * the end of the list).
 */
export async function installMap(server: GameServer, map: TmxMap, bytes: Buffer, position: 'next' | 'end'): Promise<Installed> {
  const fileName = `${TMX_FOLDER}/${map.id}.Map.Gbx`;
  const what = `TMX map #${map.id} (${map.name})`;
  const via = await writeToServer(server, fileName, bytes, what);
  try {
    await server.call(position === 'next' ? 'InsertMap' : 'AddMap', fileName);
  } catch (error) {
    if (error instanceof GbxFault) throw new InstallError(`The server refused ${what}: "${error.faultString}".`);
    throw error;
  }
  return { fileName, via };
}

async function writeToServer(server: GameServer, fileName: string, bytes: Buffer, what: string): Promise<Installed['via']> {
  const folder = localMapsFolder(await server.call('GetMapsDirectory').catch(() => undefined));
  if (folder) {
    const path = join(folder, fileName);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
    return 'local folder';
  }
  try {
    await server.call('WriteFile', fileName, bytes);
    return 'WriteFile';
  } catch (error) {
    if (error instanceof GbxFault) throw new InstallError(`The server refused ${what}: "${error.faultString}".`);
    const limit = /over the limit of (\d+) bytes/.exec(String((error as Error).message))?.[1];
    if (limit) {
      throw new InstallError(
        `${what} is too large to send through WriteFile (${bytes.length} bytes; requests may be ${limit} bytes, base64 included). ` +
          'Fix: run Pitwall on the game server\'s machine, or raise GBX.maxRequestBytes.',
      );
    }
    throw error;
  }
}

/** The server's Maps folder when it is a folder of this machine that Pitwall may write to. */
function localMapsFolder(answer: XmlRpcValue | undefined): string | undefined {
  if (typeof answer !== 'string' || answer === '') return undefined;
  try {
    accessSync(answer, constants.W_OK);
    return answer;
  } catch {
    return undefined;
  }
}
