/**
 * The Trackmania 2020 modes the sandbox plays, by their script names (EvoSC-sharp
 * src/EvoSC.Common/Util/MatchSettings/DefaultModeScriptName.cs), with the settings each declares and their
 * defaults (the same project's ModeScriptSettings.cs: S_PointsLimit 100 in Cup, 50 in Rounds, 5 in Teams;
 * S_NbOfWinners 6 in Cup; an empty S_PointsRepartition means 10,6,4,3,2,1; Knockout uses no points).
 */

export type SandboxModeKind = 'TimeAttack' | 'Rounds' | 'Cup' | 'Laps' | 'Knockout' | 'Teams' | 'RoyalTimeAttack';

export const MODE_SCRIPTS: Readonly<Record<SandboxModeKind, string>> = {
  TimeAttack: 'Trackmania/TM_TimeAttack_Online.Script.txt',
  Rounds: 'Trackmania/TM_Rounds_Online.Script.txt',
  Cup: 'Trackmania/TM_Cup_Online.Script.txt',
  Laps: 'Trackmania/TM_Laps_Online.Script.txt',
  Knockout: 'Trackmania/TM_Knockout_Online.Script.txt',
  Teams: 'Trackmania/TM_Teams_Online.Script.txt',
  RoyalTimeAttack: 'Trackmania/TM_RoyalTimeAttack_Online.Script.txt',
};

type Settings = Record<string, string | number | boolean>;

const COMMON: Settings = { S_WarmUpNb: 0, S_WarmUpDuration: 0, S_ChatTime: 10, S_RespawnBehaviour: -1, S_DecoImageUrl_Checkpoint: '' };

const SETTINGS: Readonly<Record<SandboxModeKind, Settings>> = {
  TimeAttack: { S_TimeLimit: 300, S_ForceLapsNb: -1 },
  Rounds: { S_PointsLimit: 50, S_PointsRepartition: '', S_RoundsPerMap: -1, S_FinishTimeout: -1, S_ForceLapsNb: -1 },
  Cup: { S_PointsLimit: 100, S_NbOfWinners: 6, S_PointsRepartition: '', S_RoundsPerMap: 5, S_FinishTimeout: -1, S_ForceLapsNb: -1 },
  Laps: { S_TimeLimit: 0, S_ForceLapsNb: -1, S_InfiniteLaps: false },
  Knockout: { S_EliminatedPlayersNbRanks: '4,16,16', S_RoundsPerMap: -1, S_FinishTimeout: 5, S_ForceLapsNb: -1 },
  Teams: { S_PointsLimit: 5, S_PointsRepartition: '', S_RoundsPerMap: -1, S_FinishTimeout: -1, S_ForceLapsNb: -1, S_CumulatePoints: false },
  RoyalTimeAttack: { S_TimeLimit: 300 },
};

const DESCRIPTIONS: Readonly<Record<SandboxModeKind, string>> = {
  TimeAttack: 'Time attack: the best time on the map wins.',
  Rounds: 'Rounds: points for each finish of a round, by position.',
  Cup: 'Cup: players reaching the points limit are finalists; a finalist who wins a round wins.',
  Laps: 'Laps: the fastest to drive every lap wins.',
  Knockout: 'Knockout: the slowest players of each round are eliminated.',
  Teams: 'Teams: each finish scores for its team; the team with more points wins the round.',
  RoyalTimeAttack: 'Royal time attack: five sections, each with its own finish.',
};

/** The mode a script name plays; a script the sandbox does not know plays as Time Attack. */
export function modeOf(script: string): SandboxModeKind {
  const name = /TM_(\w+?)_Online/.exec(script)?.[1];
  return name !== undefined && name in MODE_SCRIPTS ? (name as SandboxModeKind) : 'TimeAttack';
}

/** The settings a mode declares, with their defaults (GetModeScriptSettings right after the mode starts). */
export function modeSettings(kind: SandboxModeKind): Settings {
  return { ...COMMON, ...SETTINGS[kind] };
}

export function modeDescription(kind: SandboxModeKind): string {
  return DESCRIPTIONS[kind];
}

/** S_PointsRepartition as numbers: empty is the default 10,6,4,3,2,1; players past its end get its last value. */
export function pointsRepartition(setting: unknown): number[] {
  const values = String(setting ?? '').split(',').map((value) => Number.parseInt(value.trim(), 10)).filter((value) => Number.isInteger(value));
  return values.length > 0 ? values : [10, 6, 4, 3, 2, 1];
}

/** Teams' names in Teams mode, by team id. */
export const TEAM_NAMES = ['Blue', 'Red'] as const;
