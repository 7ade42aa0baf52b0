import type { SandboxPlayer, ScriptState } from './world.js';

/** The account id a Trackmania 2020 server gives a player (a UUID; the sandbox derives one from the player id). */
export function accountId(playerId: number): string {
  return `00000000-0000-4000-8000-${String(playerId).padStart(12, '0')}`;
}

/**
 * The data of a Trackmania.Event.WayPoint script callback with the fields a Trackmania 2020 server sends
 * (see SandboxServer.wayPoint), `fields` overriding them; the checkpoint arrays only as the script's
 * checkpoints modes show them. `race` is the race's checkpoint times whatever is shown.
 */
export function wayPointData(
  player: SandboxPlayer,
  fields: Record<string, unknown>,
  time: number,
  script: Pick<ScriptState, 'raceCheckpoints' | 'lapCheckpoints'>,
): { data: Record<string, unknown>; race: number[] } {
  const race = (fields.curracecheckpoints as number[] | undefined) ?? [];
  const lap = (fields.curlapcheckpoints as number[] | undefined) ?? race;
  const data: Record<string, unknown> = {
    time,
    login: player.Login,
    accountid: accountId(player.PlayerId),
    racetime: race.at(-1) ?? 0,
    laptime: lap.at(-1) ?? 0,
    stuntsscore: 0,
    // Indexes into the checkpoint arrays: the number crossed minus one.
    checkpointinrace: race.length - 1,
    checkpointinlap: lap.length - 1,
    isendrace: false,
    isendlap: false,
    isinfinitelaps: false,
    isindependentlaps: false,
    blockid: `#${race.length}`,
    speed: 412.5,
    distance: race.length * 250,
    ...fields,
  };
  const shown = (mode: string): boolean => mode === 'always' || (mode === 'endlap' && data.isendlap === true) || (mode === 'endrace' && data.isendrace === true);
  data.curracecheckpoints = shown(script.raceCheckpoints) ? race : [];
  data.curlapcheckpoints = shown(script.lapCheckpoints) ? lap : [];
  return { data, race };
}
