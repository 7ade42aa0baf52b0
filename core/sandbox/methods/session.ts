import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, FAULT_PERMISSION, requireString, SandboxFault } from '../faults.js';

/** The newest API version the sandbox speaks, and the oldest it accepts. */
export const API_VERSION = '2023-03-25';
const OLDEST_API_VERSION = '2011-08-01';

/** The protocol's own methods and the session set-up: listing, multicall, login, API version, callbacks. */
export function sessionMethods(control: SandboxControl): SandboxMethods {
  return {
    'system.listMethods': () => control.methodNames(),
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
    Authenticate: ([user, password], connection) => {
      if (user !== control.credentials.user || password !== control.credentials.password) throw new SandboxFault(FAULT_PERMISSION, 'Permission denied.');
      connection.authenticated = true;
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
    TriggerModeScriptEventArray: ([event, args], connection) => {
      const world = control.world;
      const name = requireString(event, 'TriggerModeScriptEventArray');
      const values = Array.isArray(args) ? args.map(String) : [];
      if (name === 'XmlRpc.EnableCallbacks') connection.scriptCallbacks = values[0] === 'true';
      else if (name === 'XmlRpc.GetCallbacksList') {
        const responseid = values[0] ?? '';
        setImmediate(() => control.scriptCallback('XmlRpc.CallbacksList', { responseid, callbacks: ['Maniaplanet.StartMap_Start', 'Trackmania.Scores'] }));
      } else if (name === 'Trackmania.GetScores') {
        const responseid = values[0] ?? '';
        const players = [...world.players.values()].map((player) => ({ login: player.Login, name: player.NickName, bestracetime: -1 }));
        setImmediate(() => control.scriptCallback('Trackmania.Scores', { responseid, section: 'Custom', players }));
      }
      return true;
    },
  };
}
