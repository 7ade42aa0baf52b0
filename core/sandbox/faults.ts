import type { XmlRpcValue } from '../gbx/codec.js';
import type { SandboxWorld } from './world.js';

/** A fault the sandbox answers with, as the dedicated server does. */
export class SandboxFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** A fault the sandbox answered a call with, for tests to wait on. */
export interface AnsweredFault {
  method: string;
  code: number;
  message: string;
}

export const FAULT_NO_METHOD = -506;
export const FAULT_PERMISSION = -1000;
export const FAULT_BAD_PARAMS = -1000;
/** The dedicated server faults calls naming a login that is not connected with this code and text. */
export const FAULT_LOGIN_UNKNOWN = -1000;
export const LOGIN_UNKNOWN = 'Login unknown.';

/** A team forced outside a team mode (ForcePlayerTeam). */
export const NOT_IN_TEAM_MODE = 'Not in Team mode.';

/** A map index outside the selection (SetNextMapIndex, JumpToMapIndex). */
export const INVALID_INDEX = 'invalid index';

/** The fault texts of a real dedicated server for list and map-selection calls (all with code -1000). */
export const LIST_FAULTS = {
  notBanned: 'Login not banned.',
  alreadyBlackListed: 'Player already black listed.',
  notBlackListed: 'Player not black listed.',
  alreadyGuest: 'Player already on guest list.',
  notGuest: 'Player not on guest list.',
  alreadyIgnored: 'Player already ignored.',
  notIgnored: 'Player not ignored.',
  mapAlreadyAdded: 'Map already added.',
  mapNotInSelection: 'Map not in the selection.',
} as const;

export function requireString(value: XmlRpcValue | undefined, method: string): string {
  if (typeof value !== 'string') throw new SandboxFault(FAULT_BAD_PARAMS, `${method}: expected a string parameter`);
  return value;
}

/** Logins named in a comma-separated list; faults as a real server does when one is not connected. */
export function connectedLogins(world: SandboxWorld, value: XmlRpcValue | undefined, method: string): string[] {
  const logins = requireString(value, method).split(',').map((login) => login.trim()).filter(Boolean);
  if (logins.length === 0 || logins.some((login) => !world.players.has(login))) throw new SandboxFault(FAULT_LOGIN_UNKNOWN, LOGIN_UNKNOWN);
  return logins;
}
