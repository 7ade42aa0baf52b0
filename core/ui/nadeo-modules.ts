import { PitwallError } from '../errors.js';
import type { MulticallEntry } from '../gbx/client.js';

/**
 * Nadeo's own UI modules of Trackmania 2020 that a widget can replace (the ids the mode script's
 * Common.UIModules.GetProperties lists: maniaplanet/script-xmlrpc XmlRpcListing.md, and the ids EvoSC#'s
 * GameModeUiModule and MINIcontrol's uimanager set).
 */
export const NADEO_UI_MODULES = [
  'Race_Chrono', 'Race_Checkpoint', 'Race_LapsCounter', 'Race_TimeGap', 'Race_ScoresTable', 'Race_RespawnHelper',
  'Race_Countdown', 'Race_BestRaceViewer', 'Race_SpectatorBase_Name', 'Race_Record', 'Race_DisplayMessage', 'Race_BigMessage', 'Race_WarmUp',
] as const;

export type NadeoUiModule = (typeof NADEO_UI_MODULES)[number];

/** Refuses a module id that is not Nadeo's (an app in plain JavaScript has no type check to stop it). */
export function checkModules(app: string, widget: string, modules: readonly string[]): void {
  const unknown = modules.find((module) => !(NADEO_UI_MODULES as readonly string[]).includes(module));
  if (unknown !== undefined) throw new PitwallError('PW_ERR_UI_MODULE', { id: app, name: widget, module: unknown, known: NADEO_UI_MODULES.join(', ') });
}

/**
 * Which of Nadeo's modules are hidden, and for which apps: a module is hidden while at least one running app
 * has a widget replacing it, and given back to the mode (ResetProperties) when the last such app stops. The
 * properties are the mode's, for every player at once: a player who hides the widget through /hud does not
 * get Nadeo's module back.
 */
export class NadeoModuleHiding {
  private readonly byModule = new Map<NadeoUiModule, Set<string>>();

  /** App `app` shows widgets replacing `modules`: the calls hiding those not hidden yet. */
  replace(app: string, modules: readonly NadeoUiModule[]): MulticallEntry[] {
    const fresh: NadeoUiModule[] = [];
    for (const module of modules) {
      let apps = this.byModule.get(module);
      if (!apps) this.byModule.set(module, (apps = new Set()));
      if (apps.size === 0) fresh.push(module);
      apps.add(app);
    }
    return hideCalls(fresh);
  }

  /** App `app` stopped: the calls giving back the modules no other running app replaces. */
  release(app: string): MulticallEntry[] {
    const freed: NadeoUiModule[] = [];
    for (const [module, apps] of this.byModule) {
      if (!apps.delete(app) || apps.size > 0) continue;
      this.byModule.delete(module);
      freed.push(module);
    }
    if (freed.length === 0) return [];
    return [['TriggerModeScriptEventArray', ['Common.UIModules.ResetProperties', [JSON.stringify({ uimodules: freed })]]]];
  }

  /** Every module hidden now, again: after a reconnect the server may have restarted its mode. */
  again(): MulticallEntry[] {
    return hideCalls([...this.byModule.keys()]);
  }
}

function hideCalls(modules: readonly NadeoUiModule[]): MulticallEntry[] {
  if (modules.length === 0) return [];
  const uimodules = modules.map((id) => ({ id, visible: false, visible_update: true }));
  return [['TriggerModeScriptEventArray', ['Common.UIModules.SetProperties', [JSON.stringify({ uimodules })]]]];
}
