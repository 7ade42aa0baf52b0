import type { XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, LIST_FAULTS, requireString, SandboxFault } from '../faults.js';
import { readMapHeader } from '../map-file.js';
import { GAME_DATA_DIRECTORY } from './server-options.js';
import { sandboxMap, type SandboxMap } from '../world.js';

/**
 * Files sent to the server and maps added from them: WriteFile (a file relative to the Maps folder, as
 * Nadeo's method list describes it), GetMapsDirectory (a folder on the game server's machine) and InsertMap, which puts a map of the folder right
 * after the current one (AddMap, at the end of the selection, lives with the other selection methods).
 */
export function fileMethods(control: SandboxControl): SandboxMethods {
  const world = control.world;
  const fault = (message: string): never => {
    throw new SandboxFault(FAULT_BAD_PARAMS, message);
  };
  return {
    GetMapsDirectory: () => `${GAME_DATA_DIRECTORY}Maps/`,
    WriteFile: ([file, data]: XmlRpcValue[]) => {
      const name = requireString(file, 'WriteFile');
      if (!Buffer.isBuffer(data)) fault('Invalid parameters.');
      // Relative to the Maps folder, and never out of it.
      if (name.trim() === '' || name.startsWith('/') || name.split(/[\\/]/).includes('..')) fault('Could not write file.');
      world.writtenFiles.set(name, data as Buffer);
      const header = readMapHeader(data as Buffer);
      if (header) world.mapFolder.set(name, mapFrom(name, header));
      return true;
    },
    // A map of the Maps folder suits the sandbox's settings (every map is a TM_Race map); another file is 'Map not found.', as GetMapInfo faults.
    CheckMapForCurrentServerParams: ([file]: XmlRpcValue[]) => (world.mapFolder.has(requireString(file, 'CheckMapForCurrentServerParams')) ? true : fault('Map not found.')),
    InsertMap: ([file]: XmlRpcValue[]) => {
      const name = requireString(file, 'InsertMap');
      const found = world.mapFolder.get(name);
      if (!found) fault(`Couldn't load '${name}'.`);
      if (world.maps.includes(found!)) fault(LIST_FAULTS.mapAlreadyAdded);
      world.maps.splice(world.currentMapIndex + 1, 0, found!);
      if (world.chosenNextIndex !== undefined && world.chosenNextIndex > world.currentMapIndex) world.chosenNextIndex++;
      return true;
    },
  };
}

function mapFrom(fileName: string, header: NonNullable<ReturnType<typeof readMapHeader>>): SandboxMap {
  return sandboxMap({ uid: header.uid, name: header.name, fileName, author: header.author, environment: header.environment, authorTime: header.authorTime > 0 ? header.authorTime : 60_000, nbLaps: header.nbLaps });
}
