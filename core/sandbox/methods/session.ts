import type { XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, FAULT_NO_METHOD, FAULT_PERMISSION, requireString, SandboxFault } from '../faults.js';
import type { MethodEntry } from '../method-table.js';
import { LEVEL_RANK, type MethodLevel } from '../method-docs.js';

/** The newest API version the sandbox speaks, and the oldest it accepts. */
export const API_VERSION = '2023-03-25';
const OLDEST_API_VERSION = '2011-08-01';

/** The protocol's own methods and the session set-up: listing, multicall, login, API version, callbacks. */
export function sessionMethods(control: SandboxControl): SandboxMethods {
  const described = (name: XmlRpcValue | undefined, method: string): MethodEntry => {
    const entry = control.table.get(requireString(name, method));
    if (!entry) throw new SandboxFault(FAULT_NO_METHOD, `Method '${String(name)}' not defined`);
    return entry;
  };
  return {
    'system.listMethods': () => [...control.table.keys()],
    'system.methodSignature': ([name]) => [described(name, 'system.methodSignature').signature],
    'system.methodHelp': ([name]) => described(name, 'system.methodHelp').help,
    'system.multicall': (params, connection) => {
      const calls = params[0];
      if (!Array.isArray(calls)) throw new SandboxFault(FAULT_BAD_PARAMS, 'system.multicall expects an array of calls');
      return calls.map((call) => {
        const { methodName, params: callParams } = (call ?? {}) as { methodName?: unknown; params?: unknown };
        try {
          if (methodName === 'system.multicall') throw new SandboxFault(FAULT_BAD_PARAMS, 'Recursive system.multicall forbidden');
          return [control.invoke(String(methodName), Array.isArray(callParams) ? callParams : [], connection)];
        } catch (error) {
          const fault = error instanceof SandboxFault ? error : new SandboxFault(-32603, (error as Error).message);
          return { faultCode: fault.code, faultString: fault.message };
        }
      });
    },
    // The server knows three logins, one per level, each with its own password (dedicated_cfg.xml's
    // <authorization_levels>); a known login with a wrong password is told so.
    Authenticate: ([user, password], connection) => {
      const level = requireString(user, 'Authenticate') as MethodLevel;
      if (!(level in LEVEL_RANK)) throw new SandboxFault(FAULT_PERMISSION, 'Permission denied.');
      if (password !== control.passwords[level]) throw new SandboxFault(FAULT_PERMISSION, 'Password incorrect.');
      connection.level = level;
      return true;
    },
    SetApiVersion: ([version], connection) => {
      const asked = requireString(version, 'SetApiVersion');
      control.apiVersions.push(asked);
      // A real server refuses versions it does not know; the sandbox knows the dated ones up to its own.
      if (!/^\d{4}-\d{2}-\d{2}$/.test(asked) || asked < OLDEST_API_VERSION || asked > API_VERSION) {
        throw new SandboxFault(FAULT_BAD_PARAMS, `Unknown API version '${asked}'.`);
      }
      connection.apiVersion = asked;
      return true;
    },
    EnableCallbacks: ([enabled], connection) => {
      connection.callbacks = enabled === true;
      return true;
    },
  };
}
