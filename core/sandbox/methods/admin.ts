import type { XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, INVALID_INDEX, LIST_FAULTS, LOGIN_UNKNOWN, requireString, SandboxFault } from '../faults.js';

/** Bans, black, guest and ignore lists, password, max players and the map selection, as a real server keeps them. */
export function adminMethods(control: SandboxControl): SandboxMethods {
  const world = control.world;
  const fault = (message: string): never => {
    throw new SandboxFault(FAULT_BAD_PARAMS, message);
  };
  const login = (value: XmlRpcValue | undefined, method: string): string => {
    const text = requireString(value, method).trim();
    return text === '' ? fault(LOGIN_UNKNOWN) : text;
  };
  const connected = (value: XmlRpcValue | undefined, method: string): string => {
    const name = login(value, method);
    return world.players.has(name) ? name : fault(LOGIN_UNKNOWN);
  };
  // (max, start) paging as GetPlayerList does; faults on a start beyond the end.
  const page = <T>(items: T[], [max = -1, start = 0]: XmlRpcValue[]): T[] => {
    const from = Number(start);
    if (from < 0 || (from > 0 && from >= items.length)) fault('Start index out of bound.');
    return Number(max) < 0 ? items.slice(from) : items.slice(from, from + Number(max));
  };
  // An index outside the selection: 'invalid index' is the fault maniaplanet/dedicated-server-api's
  // FaultException.php files with 'Start index out of bound.' as an IndexOutOfBoundException.
  const mapIndex = (value: XmlRpcValue | undefined): number =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < world.maps.length ? value : fault(INVALID_INDEX);
  const ban = (name: string, message: string): void => {
    world.banList.set(name, message);
    // A banned player who is on the server is disconnected at once.
    if (world.players.has(name)) setImmediate(() => control.playerLeave(name, message));
  };
  // The black, guest and ignore lists fault on adding a name twice and on removing one that is not there.
  const addTo = (list: Set<string>, name: string, already: string): true => {
    if (list.has(name)) fault(already);
    list.add(name);
    return true;
  };
  const removeFrom = (list: Set<string>, name: string, missing: string): true => list.delete(name) || fault(missing);
  const listed = (list: Set<string>, params: XmlRpcValue[]): { Login: string }[] => page([...list].map((name) => ({ Login: name })), params);
  const selectionIndex = (file: string): number => {
    const index = world.maps.findIndex((entry) => entry.FileName === file);
    return index < 0 ? fault(LIST_FAULTS.mapNotInSelection) : index;
  };
  return {
    Ban: ([name, message = '']) => (ban(login(name, 'Ban'), String(message)), true),
    BanAndBlackList: ([name, message = '']) => {
      const target = login(name, 'BanAndBlackList');
      ban(target, String(message));
      world.blackList.add(target);
      return true;
    },
    UnBan: ([name]) => world.banList.delete(login(name, 'UnBan')) || fault(LIST_FAULTS.notBanned),
    CleanBanList: () => (world.banList.clear(), true),
    GetBanList: (params) => page([...world.banList.keys()].map((name) => ({ Login: name, ClientName: name, IPAddress: '' })), params),
    BlackList: ([name]) => {
      const target = login(name, 'BlackList');
      addTo(world.blackList, target, LIST_FAULTS.alreadyBlackListed);
      if (world.players.has(target)) setImmediate(() => control.playerLeave(target, 'Blacklisted'));
      return true;
    },
    UnBlackList: ([name]) => removeFrom(world.blackList, login(name, 'UnBlackList'), LIST_FAULTS.notBlackListed),
    GetBlackList: (params) => listed(world.blackList, params),
    AddGuest: ([name]) => addTo(world.guestList, login(name, 'AddGuest'), LIST_FAULTS.alreadyGuest),
    RemoveGuest: ([name]) => removeFrom(world.guestList, login(name, 'RemoveGuest'), LIST_FAULTS.notGuest),
    GetGuestList: (params) => listed(world.guestList, params),
    // Muting needs the player on the server: the dedicated server faults an unknown login.
    Ignore: ([name]) => addTo(world.ignoreList, connected(name, 'Ignore'), LIST_FAULTS.alreadyIgnored),
    UnIgnore: ([name]) => removeFrom(world.ignoreList, login(name, 'UnIgnore'), LIST_FAULTS.notIgnored),
    GetIgnoreList: (params) => listed(world.ignoreList, params),
    SetServerPassword: ([password]) => ((world.password = requireString(password, 'SetServerPassword')), true),
    SetMaxPlayers: ([count]) => {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) fault('SetMaxPlayers: expected an int parameter');
      world.nextMaxPlayers = count as number;
      return true;
    },
    GetNextMapIndex: () => world.maps.indexOf(world.nextMap),
    GetCurrentMapIndex: () => world.currentMapIndex,
    ChooseNextMap: ([file]) => ((world.chosenNextIndex = selectionIndex(requireString(file, 'ChooseNextMap'))), true),
    SetNextMapIdent: ([uid]) => {
      const index = world.maps.findIndex((entry) => entry.UId === requireString(uid, 'SetNextMapIdent'));
      if (index < 0) fault(LIST_FAULTS.mapNotInSelection);
      world.chosenNextIndex = index;
      return true;
    },
    SetNextMapIndex: ([index]) => ((world.chosenNextIndex = mapIndex(index)), true),
    JumpToMapIndex: ([index]) => {
      const chosen = mapIndex(index);
      control.changeMap(false, () => (world.chosenNextIndex = chosen));
      return true;
    },
    JumpToMapIdent: ([uid]) => {
      const index = world.maps.findIndex((entry) => entry.UId === requireString(uid, 'JumpToMapIdent'));
      if (index < 0) fault(LIST_FAULTS.mapNotInSelection);
      control.changeMap(false, () => (world.chosenNextIndex = index));
      return true;
    },
    AddMap: ([file]) => {
      const name = requireString(file, 'AddMap');
      const found = world.mapFolder.get(name);
      if (!found) fault(`Couldn't load '${name}'.`);
      if (world.maps.includes(found!)) fault(LIST_FAULTS.mapAlreadyAdded);
      world.maps.push(found!);
      return true;
    },
    RemoveMap: ([file]) => {
      const index = selectionIndex(requireString(file, 'RemoveMap'));
      world.maps.splice(index, 1);
      // Indexes after the removed map shift down by one.
      if (index < world.currentMapIndex) world.currentMapIndex--;
      if (world.chosenNextIndex !== undefined) world.chosenNextIndex = world.chosenNextIndex === index ? undefined : world.chosenNextIndex - (index < world.chosenNextIndex ? 1 : 0);
      return true;
    },
    SaveMatchSettings: ([file]) => {
      const name = requireString(file, 'SaveMatchSettings');
      if (name.trim() === '') fault('Could not save file.');
      world.matchSettingsFiles.set(name, world.maps.map((entry) => entry.FileName));
      return world.maps.length;
    },
  };
}
