/**
 * A map change as the mode script runs it (the ModeBase section loop behind maniaplanet/script-xmlrpc's
 * Maniaplanet.* section callbacks): the map ends (EndPlayLoop, EndRound, EndMap with Scores), unloads, the
 * match ends (EndMatch with Scores), then the next match starts, its map loads and starts (StartMatch,
 * LoadingMap, StartMap, StartRound, StartPlayLoop). Each section comes as its _Start/_End pair. The phases
 * are spread over the change's duration, as a real server takes seconds to unload and load a map.
 */

/** One phase of a change: callbacks sent together, then a pause before the next phase. */
export type MapChangePhase = () => void;

/** Runs the phases one after the other, `durationMs` spread between them; 0 runs them all now. */
export function runMapChange(phases: readonly MapChangePhase[], durationMs: number, done: () => void): void {
  if (durationMs <= 0) {
    for (const phase of phases) phase();
    done();
    return;
  }
  const pause = durationMs / Math.max(1, phases.length - 1);
  const step = (index: number): void => {
    phases[index]!();
    if (index + 1 < phases.length) setTimeout(() => step(index + 1), pause).unref();
    else done();
  };
  step(0);
}

/** What a map change does to the server, phase by phase; the server gives the callbacks and the world change. */
export interface MapChangeSteps {
  section(name: string, data?: Record<string, unknown>): void;
  scores(section: 'EndRound' | 'EndMap' | 'EndMatch'): void;
  legacy(method: 'EndMap' | 'EndMatch' | 'BeginMatch' | 'BeginMap'): void;
  /** The next map (or the same one) becomes current. */
  advance(): void;
  /** A new map change may be asked for from here on. */
  settle(): void;
}

export function mapChangePhases(steps: MapChangeSteps): MapChangePhase[] {
  const pair = (name: string, between?: () => void, data?: Record<string, unknown>) => {
    steps.section(`${name}_Start`, data);
    between?.();
    steps.section(`${name}_End`, data);
  };
  return [
    // The map under way ends.
    () => {
      steps.section('EndPlayLoop');
      pair('EndRound', () => steps.scores('EndRound'));
      pair('EndMap', () => steps.scores('EndMap'));
    },
    // It unloads, and the match ends.
    () => {
      pair('UnloadingMap', () => steps.legacy('EndMap'));
      pair('EndMatch', () => {
        steps.scores('EndMatch');
        steps.legacy('EndMatch');
      });
    },
    // The next match begins and loads its map.
    () => {
      steps.advance();
      pair('StartMatch', () => steps.legacy('BeginMatch'));
      pair('LoadingMap', () => steps.legacy('BeginMap'));
    },
    // The map starts and play begins.
    () => {
      steps.settle();
      pair('StartMap');
      pair('StartRound');
      steps.section('StartPlayLoop');
    },
  ];
}
