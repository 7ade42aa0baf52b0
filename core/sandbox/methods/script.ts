import type { XmlRpcValue } from '../../gbx/codec.js';
import type { SandboxControl, SandboxMethods } from '../control.js';
import { FAULT_BAD_PARAMS, requireString, SandboxFault } from '../faults.js';
import {
  CHECKPOINTS_MODES,
  SCRIPT_API_VERSION,
  SCRIPT_API_VERSIONS,
  SCRIPT_CALLBACKS,
  SCRIPT_METHODS,
  UI_MODULES,
  type CheckpointsMode,
} from '../script-catalog.js';
import { modeDescription, modeOf } from '../modes.js';
import type { UiModuleProperties } from '../world.js';

/**
 * The mode script: its settings and description, and the script methods sent with TriggerModeScriptEvent(Array).
 * A method that answers does so with a script callback carrying the `responseid` it was given (its last
 * parameter), on the next turn, as the script answers on its next loop (maniaplanet/script-xmlrpc).
 */
export function scriptMethods(control: SandboxControl): SandboxMethods {
  const world = control.world;
  const script = world.script;
  const answer = (name: string, data: Record<string, unknown>): void => void setImmediate(() => control.scriptCallback(name, data));
  const uiModule = (id: string): UiModuleProperties =>
    script.uiModules.get(id) ?? { id, position: [0, 0], scale: 1, visible: true, position_update: false, scale_update: false, visible_update: false };
  const checkpointsMode = (value: string | undefined, event: string): CheckpointsMode => {
    if (!CHECKPOINTS_MODES.includes(value as CheckpointsMode)) throw new SandboxFault(FAULT_BAD_PARAMS, `${event}: expected one of ${CHECKPOINTS_MODES.join(', ')}`);
    return value as CheckpointsMode;
  };

  /** One script method with its string parameters; the last one is the responseid where the method answers. */
  const run = (event: string, values: string[]): void => {
    const responseid = values.at(-1) ?? '';
    switch (event) {
      case 'XmlRpc.EnableCallbacks':
        script.callbacksEnabled = values[0] === 'true';
        return;
      case 'XmlRpc.GetCallbacksList':
        return answer('XmlRpc.CallbacksList', { responseid, callbacks: [...SCRIPT_CALLBACKS] });
      case 'XmlRpc.GetCallbacksList_Enabled':
        return answer('XmlRpc.CallbacksList_Enabled', { responseid, callbacks: SCRIPT_CALLBACKS.filter((name) => !script.blocked.has(name)) });
      case 'XmlRpc.GetCallbacksList_Disabled':
        return answer('XmlRpc.CallbacksList_Disabled', { responseid, callbacks: SCRIPT_CALLBACKS.filter((name) => script.blocked.has(name)) });
      case 'XmlRpc.BlockCallbacks':
        for (const name of values) script.blocked.add(name);
        return;
      case 'XmlRpc.UnblockCallbacks':
        for (const name of values) script.blocked.delete(name);
        return;
      case 'XmlRpc.GetMethodsList':
        return answer('XmlRpc.MethodsList', { responseid, methods: [...SCRIPT_METHODS] });
      case 'XmlRpc.GetApiVersion':
        return answer('XmlRpc.ApiVersion', { responseid, version: SCRIPT_API_VERSION });
      case 'XmlRpc.GetAllApiVersions':
        return answer('XmlRpc.AllApiVersions', { responseid, latest: SCRIPT_API_VERSION, versions: SCRIPT_API_VERSIONS });
      case 'XmlRpc.SetApiVersion':
        return;
      case 'Maniaplanet.Mode.GetUseTeams':
        return answer('Maniaplanet.Mode.UseTeams', { responseid, teams: modeOf(world.modeScript) === 'Teams' });
      case 'Maniaplanet.WarmUp.GetStatus':
      case 'Trackmania.WarmUp.GetStatus':
        return answer(event.replace('GetStatus', 'Status'), { responseid, available: false, active: false });
      case 'Maniaplanet.Pause.GetStatus':
        return answer('Maniaplanet.Pause.Status', { responseid, available: false, active: false });
      case 'Trackmania.GetScores':
        return answer('Trackmania.Scores', control.scoresData('', responseid));
      case 'Trackmania.Event.SetCurRaceCheckpointsMode':
        script.raceCheckpoints = checkpointsMode(values[0], event);
        return;
      case 'Trackmania.Event.SetCurLapCheckpointsMode':
        script.lapCheckpoints = checkpointsMode(values[0], event);
        return;
      case 'Trackmania.Event.UnsetCurRaceCheckpointsMode':
        script.raceCheckpoints = 'never';
        return;
      case 'Trackmania.Event.UnsetCurLapCheckpointsMode':
        script.lapCheckpoints = 'never';
        return;
      case 'Common.UIModules.GetProperties':
        return answer('Common.UIModules.Properties', { responseid, uimodules: UI_MODULES.map(uiModule) });
      case 'Common.UIModules.SetProperties':
      case 'Common.UIModules.ResetProperties': {
        let asked: { uimodules?: unknown };
        try {
          asked = JSON.parse(values[0] ?? '') as { uimodules?: unknown };
        } catch {
          throw new SandboxFault(FAULT_BAD_PARAMS, `${event}: expected a JSON object with a uimodules array`);
        }
        const modules = Array.isArray(asked.uimodules) ? (asked.uimodules as (Partial<UiModuleProperties> | string)[]) : [];
        for (const module of modules) {
          const id = typeof module === 'string' ? module : String(module.id ?? '');
          if (event.endsWith('ResetProperties')) script.uiModules.delete(id);
          else if (typeof module !== 'string') script.uiModules.set(id, { ...uiModule(id), ...module, id });
        }
        return;
      }
      default:
        // The mode ignores events it has no handler for; a real script logs nothing back either.
        return;
    }
  };
  const strings = (args: XmlRpcValue | undefined, method: string): string[] => {
    if (args === undefined) return [];
    if (!Array.isArray(args)) throw new SandboxFault(FAULT_BAD_PARAMS, `${method}: expected an array of strings`);
    return args.map(String);
  };
  return {
    TriggerModeScriptEventArray: ([event, args]) => (run(requireString(event, 'TriggerModeScriptEventArray'), strings(args, 'TriggerModeScriptEventArray')), true),
    TriggerModeScriptEvent: ([event, param]) => (run(requireString(event, 'TriggerModeScriptEvent'), param === undefined || param === '' ? [] : [String(param)]), true),
    GetModeScriptInfo: () => ({
      Name: world.modeScript,
      CompatibleMapTypes: 'TrackMania\\TM_Race',
      Description: modeDescription(modeOf(world.modeScript)),
      Version: '2026-11-01',
      // Structures/ScriptInfo.php: ParamDescs and CommandDescs, each entry {Name, Desc, Type, Default}.
      ParamDescs: Object.entries(world.scriptSettings).map(([name, value]) => ({ Name: name, Desc: '', Type: typeof value === 'number' ? 'integer' : typeof value === 'boolean' ? 'boolean' : 'text', Default: String(value) })),
      CommandDescs: [],
    }),
    GetModeScriptSettings: () => ({ ...world.scriptSettings }),
    SetModeScriptSettings: ([settings]) => {
      if (!settings || typeof settings !== 'object' || Array.isArray(settings)) throw new SandboxFault(FAULT_BAD_PARAMS, 'SetModeScriptSettings: expected a struct parameter');
      // A setting the script does not declare is refused with the real text (FaultException.php: "Unknown setting '...'.").
      for (const name of Object.keys(settings)) if (!(name in world.scriptSettings)) throw new SandboxFault(FAULT_BAD_PARAMS, `Unknown setting '${name}'.`);
      for (const [name, value] of Object.entries(settings)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') world.scriptSettings[name] = value;
      }
      return true;
    },
    GetModeScriptVariables: () => ({}),
    GetModeScriptText: () => '',
  };
}
