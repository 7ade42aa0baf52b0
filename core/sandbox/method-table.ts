import { XmlRpcDouble, type XmlRpcValue } from '../gbx/codec.js';
import type { SandboxMethod, SandboxMethods } from './control.js';
import { FAULT_BAD_PARAMS, FAULT_PERMISSION, SandboxFault } from './faults.js';
import { LEVEL_RANK, METHOD_DOCS, type MethodDoc, type MethodLevel } from './method-docs.js';

/** How the sandbox answers a published method: with its own behaviour, or with a fault saying it cannot. */
export type MethodAnswer = 'answered' | 'stored' | 'refused';

export interface MethodEntry extends MethodDoc {
  handler: SandboxMethod;
  answer: MethodAnswer;
}

/**
 * The text of the fault for a published method the sandbox has no behaviour for. A real server does not
 * have this case; the text says what is missing, so a controller's log names it.
 */
export const NOT_IN_SANDBOX = 'Not available on the sandbox server.';

/**
 * The method table: every published method with its signature, help text and level, and what answers it.
 * A method with a handler answers with it; a Set method paired with a Get (SetHideServer/GetHideServer)
 * without one keeps the value it was given and the Get returns it ('stored'); the rest fault
 * NOT_IN_SANDBOX ('refused'). Handlers for names outside the published list (the sandbox's own) are kept
 * at level User.
 */
export function buildMethodTable(handlers: SandboxMethods): Map<string, MethodEntry> {
  const table = new Map<string, MethodEntry>();
  const stored = new Map<string, XmlRpcValue[]>();
  const names = new Set(METHOD_DOCS.map((doc) => doc.name));
  for (const doc of METHOD_DOCS) {
    const handler = handlers[doc.name] as SandboxMethod | undefined;
    if (handler) {
      table.set(doc.name, { ...doc, handler, answer: 'answered' });
      continue;
    }
    const key = doc.name.replace(/^(Set|Get)/, '');
    const setter = `Set${key}`;
    const getter = `Get${key}`;
    if (key !== doc.name && names.has(setter) && names.has(getter) && !(setter in handlers) && !(getter in handlers)) {
      const setterDoc = METHOD_DOCS.find((entry) => entry.name === setter)!;
      const getterDoc = METHOD_DOCS.find((entry) => entry.name === getter)!;
      table.set(doc.name, {
        ...doc,
        answer: 'stored',
        handler: doc.name === setter ? (params) => (stored.set(key, params), true) : () => storedAnswer(getterDoc, setterDoc, stored.get(key)),
      });
      continue;
    }
    table.set(doc.name, {
      ...doc,
      answer: 'refused',
      handler: () => {
        throw new SandboxFault(FAULT_BAD_PARAMS, NOT_IN_SANDBOX);
      },
    });
  }
  for (const [name, handler] of Object.entries(handlers)) {
    if (!table.has(name)) table.set(name, { name, signature: ['boolean'], help: '', level: 'User', handler, answer: 'answered' });
  }
  return table;
}

/**
 * Struct getters whose members are the setter's parameters in order (maniaplanet/dedicated-server-api:
 * setLobbyInfo($isLobby, $currentPlayers, $maxPlayers, $averageLevel) read back as Structures/LobbyInfo;
 * setForcedMods($override, $mods) read back by getForcedMods() as $result['Mods']).
 */
const STRUCT_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  GetLobbyInfo: ['IsLobby', 'LobbyPlayers', 'LobbyMaxPlayers', 'LobbyPlayersLevel'],
  GetForcedMods: ['Override', 'Mods'],
};

/**
 * What a stored getter answers: the value its setter was given (or the type's default before that), typed as
 * the method list says, so a `double` is a <double> even when whole (the PHP library's VoteRatio::isRatio takes
 * only floats) and a "current and next" pair holds the setter's type, not a struct.
 */
function storedAnswer(getter: MethodDoc, setter: MethodDoc, given: XmlRpcValue[] | undefined): XmlRpcValue {
  const parameterTypes = setter.signature.slice(1);
  const value = (index: number): XmlRpcValue => typed(parameterTypes[index] ?? getter.signature[0]!, given?.[index]);
  const members = STRUCT_MEMBERS[getter.name];
  if (members) return Object.fromEntries(members.map((name, index) => [name, value(index)]));
  if (getter.help.includes('current and next')) return { CurrentValue: value(0), NextValue: value(0) };
  // The setter's parameter of the getter's type (SetBuddyNotification(login, enabled) -> the boolean).
  const index = parameterTypes.indexOf(getter.signature[0]!);
  return typed(getter.signature[0]!, index < 0 ? undefined : given?.[index]);
}

function typed(type: string, value: XmlRpcValue | undefined): XmlRpcValue {
  if (type === 'double') return new XmlRpcDouble(typeof value === 'number' ? value : value instanceof XmlRpcDouble ? value.value : 0);
  if (value !== undefined) return value;
  if (type === 'int') return 0;
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  if (type === 'struct') return {};
  return '';
}

/** Refuses a call from a connection whose level is below the method's, as a real server does. */
export function checkLevel(entry: MethodEntry, level: MethodLevel | undefined): void {
  const open = entry.name === 'Authenticate' || entry.name.startsWith('system.');
  if (open) return;
  if (level === undefined || LEVEL_RANK[level] < LEVEL_RANK[entry.level]) throw new SandboxFault(FAULT_PERMISSION, 'Permission denied.');
}
