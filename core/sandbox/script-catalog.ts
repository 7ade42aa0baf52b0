/**
 * What the Trackmania 2020 mode script offers over XML-RPC: the callbacks it can send and the methods it
 * answers (maniaplanet/script-xmlrpc XmlRpcListing.md, the Trackmania and common parts; the checkpoint
 * modes and Common.UIModules as Trackmania 2020 adds them, used by PyPlanet's core.trackmania app and
 * MINIcontrol's uimanager).
 */

export const SCRIPT_API_VERSION = '3.2.0';
export const SCRIPT_API_VERSIONS = ['2.0.0', '2.1.0', '2.1.1', '2.2.0', '2.3.0', '2.4.0', '2.5.0', '3.0.0', '3.1.0', '3.2.0'];

const SECTIONS = ['StartServer', 'StartMatch', 'StartMap', 'StartRound', 'StartTurn', 'EndTurn', 'EndRound', 'EndMap', 'EndMatch', 'EndServer', 'LoadingMap', 'UnloadingMap', 'Podium', 'ChannelProgression'];

export const SCRIPT_CALLBACKS: readonly string[] = [
  'XmlRpc.CallbacksList', 'XmlRpc.CallbacksList_Enabled', 'XmlRpc.CallbacksList_Disabled', 'XmlRpc.CallbackHelp',
  'XmlRpc.MethodsList', 'XmlRpc.MethodHelp', 'XmlRpc.Documentation', 'XmlRpc.ApiVersion', 'XmlRpc.AllApiVersions',
  ...SECTIONS.flatMap((section) => [`Maniaplanet.${section}_Start`, `Maniaplanet.${section}_End`]),
  'Maniaplanet.StartPlayLoop', 'Maniaplanet.EndPlayLoop',
  'Maniaplanet.Mode.UseTeams', 'Maniaplanet.WarmUp.Status', 'Maniaplanet.Pause.Status',
  'Common.UIModules.Properties',
  'Trackmania.Event.Default', 'Trackmania.Event.OnCommand', 'Trackmania.Event.OnPlayerAdded', 'Trackmania.Event.OnPlayerRemoved',
  'Trackmania.Event.StartLine', 'Trackmania.Event.WayPoint', 'Trackmania.Event.GiveUp', 'Trackmania.Event.Respawn',
  'Trackmania.Event.SkipOutro', 'Trackmania.Event.StartCountdown', 'Trackmania.Scores', 'Trackmania.PointsRepartition', 'Trackmania.Knockout.Elimination',
  'Trackmania.WarmUp.Start', 'Trackmania.WarmUp.StartRound', 'Trackmania.WarmUp.EndRound', 'Trackmania.WarmUp.End', 'Trackmania.WarmUp.Status',
];

export const SCRIPT_METHODS: readonly string[] = [
  'XmlRpc.EnableCallbacks', 'XmlRpc.GetCallbacksList', 'XmlRpc.GetCallbacksList_Enabled', 'XmlRpc.GetCallbacksList_Disabled',
  'XmlRpc.BlockCallbacks', 'XmlRpc.UnblockCallbacks', 'XmlRpc.GetCallbackHelp', 'XmlRpc.GetMethodsList', 'XmlRpc.GetMethodHelp',
  'XmlRpc.GetDocumentation', 'XmlRpc.SetApiVersion', 'XmlRpc.GetApiVersion', 'XmlRpc.GetAllApiVersions',
  'Maniaplanet.Mode.GetUseTeams', 'Maniaplanet.WarmUp.GetStatus', 'Maniaplanet.Pause.GetStatus', 'Maniaplanet.Pause.SetActive',
  'Common.UIModules.GetProperties', 'Common.UIModules.SetProperties', 'Common.UIModules.ResetProperties',
  'Trackmania.GetScores', 'Trackmania.GetPointsRepartition', 'Trackmania.SetPointsRepartition', 'Trackmania.SetPlayerPoints',
  'Trackmania.SetTeamPoints', 'Trackmania.WarmUp.GetStatus', 'Trackmania.WarmUp.ForceStop', 'Trackmania.WarmUp.Extend',
  'Trackmania.Event.SetCurRaceCheckpointsMode', 'Trackmania.Event.SetCurLapCheckpointsMode',
  'Trackmania.Event.UnsetCurRaceCheckpointsMode', 'Trackmania.Event.UnsetCurLapCheckpointsMode',
];

/**
 * When WayPoint's checkpoint arrays are filled: `never` by default, `always`, or only at the end of a lap or
 * race (timwie/steward's WayPoint docs; PyPlanet asks for `always`).
 */
export type CheckpointsMode = 'never' | 'always' | 'endlap' | 'endrace';
export const CHECKPOINTS_MODES: readonly CheckpointsMode[] = ['never', 'always', 'endlap', 'endrace'];

/** The UI modules of Trackmania 2020 whose properties Common.UIModules.* read and set. */
export const UI_MODULES = ['Race_Chrono', 'Race_Checkpoint', 'Race_LapsCounter', 'Race_TimeGap', 'Race_ScoresTable', 'Race_RespawnHelper', 'Race_Countdown', 'Race_BestRaceViewer', 'Race_SpectatorBase_Name', 'Race_Record', 'Race_DisplayMessage', 'Race_BigMessage', 'Race_WarmUp'];
