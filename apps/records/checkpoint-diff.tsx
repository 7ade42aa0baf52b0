import type { AppUi, Markup, RunProgress, WidgetChoice } from '../../core/index.js';
import type { MapRanking } from './ranking.js';
import { formatGap, formatTime, type RecordEntry } from './store.js';
import { AHEAD, BEHIND } from './ui.js';

/** What a player's checkpoint times are compared with: their own best, record #1, or the record just above theirs. */
export type CheckpointTarget = 'pb' | 'top' | 'next';
export const CHECKPOINT_TARGETS: readonly CheckpointTarget[] = ['pb', 'top', 'next'];

/** The widget's choice in /hud (the same as /cps), its own best by default. */
export const CHECKPOINT_CHOICE = {
  title: 'Compare with',
  values: { pb: 'your best', top: 'record #1', next: 'the record above you' },
  default: 'pb',
} as const satisfies WidgetChoice<CheckpointTarget>;

/** The record a run is compared with, fixed when the run begins so that one run has one target throughout. */
interface RunTarget {
  target: CheckpointTarget;
  rank?: number;
  nickName?: string;
  checkpoints?: readonly number[];
}

export interface CheckpointDiffParts {
  ui: AppUi;
  /** The ranking of the map being played (the widget's). */
  ranking(): Promise<MapRanking | undefined>;
  /** A record with its checkpoint times, from the database. */
  recordOf(login: string): Promise<RecordEntry | undefined>;
  /** The player's chosen target (default 'pb'). */
  targetOf(login: string): CheckpointTarget;
  /** The page's lines in the player's language. */
  texts(login: string, run: { target: CheckpointTarget; rank?: number; nickName?: string; checkpoint: number }): Promise<{ checkpoint: string; against: string }>;
}

/**
 * The checkpoint difference widget: at each checkpoint crossing the player sees their time there and the
 * difference to the target's time at the same checkpoint, on a page of their own sent only to them; it is
 * removed when a run starts again (start line, give-up, respawn to the start).
 */
export class CheckpointDiffs {
  /** Each map's records' checkpoint times by login, read once per login per map (a new best replaces its own). */
  private checkpoints = new Map<string, Promise<readonly number[] | undefined>>();
  private readonly runs = new Map<string, Promise<RunTarget>>();

  constructor(private readonly parts: CheckpointDiffParts) {}

  /** A new map: no record read for the last one applies. */
  reset(): void {
    this.checkpoints.clear();
    this.runs.clear();
  }

  /** A player's new best: its checkpoint times, for those comparing with it from their next run. */
  improved(login: string, checkpoints: readonly number[]): void {
    this.checkpoints.set(login, Promise.resolve(checkpoints));
  }

  /** The run starts again: the page goes until the next crossing. */
  async restart(login: string): Promise<void> {
    this.runs.delete(login);
    await this.parts.ui.hide('cps', { to: login });
  }

  forget(login: string): void {
    this.runs.delete(login);
  }

  /** A checkpoint (or the finish) crossed: the time there against the target's. */
  async crossed(progress: RunProgress): Promise<void> {
    const { login, checkpointInRace: index, raceTime } = progress;
    if (index < 0) return;
    let run = this.runs.get(login);
    // A run's first crossing fixes its target (the page before it belongs to the run before).
    if (!run || index === 0) {
      run = this.targetFor(login);
      this.runs.set(login, run);
    }
    const target = await run;
    const their = target.checkpoints?.[index];
    const texts = await this.parts.texts(login, { target: target.target, rank: target.rank, nickName: target.nickName, checkpoint: index + 1 });
    await this.parts.ui.show('cps', <CheckpointDiff checkpoint={texts.checkpoint} time={raceTime} gap={their === undefined ? undefined : raceTime - their} against={texts.against} />, { to: login });
  }

  private async targetFor(login: string): Promise<RunTarget> {
    const choice = this.parts.targetOf(login);
    const ranking = await this.parts.ranking();
    const own = ranking?.rankOf(login);
    let rank: number | undefined;
    if (choice === 'top') rank = ranking && ranking.size > 0 ? 1 : undefined;
    // The record just above the player's own; without a time of theirs, the last one (what they pass first).
    else if (choice === 'next') rank = own === undefined ? (ranking && ranking.size > 0 ? ranking.size : undefined) : own > 1 ? own - 1 : own;
    else rank = own;
    const entry = rank === undefined ? undefined : ranking!.slice(rank - 1, 1)[0];
    if (!entry) return { target: choice };
    return { target: choice, rank, nickName: entry.nickName, checkpoints: await this.checkpointsOf(entry.login) };
  }

  private checkpointsOf(login: string): Promise<readonly number[] | undefined> {
    let known = this.checkpoints.get(login);
    if (!known) {
      known = this.parts.recordOf(login).then((record) => record?.checkpoints);
      this.checkpoints.set(login, known);
      // A failed read is tried again at the next run.
      known.catch(() => this.checkpoints.delete(login));
    }
    return known;
  }
}

/**
 * Above the middle of the screen: the checkpoint's number, the player's time there, and the difference to
 * the target in green (ahead) or red (behind), with what it is compared with under it.
 */
export function CheckpointDiff(props: { checkpoint: string; time: number; gap: number | undefined; against: string }): Markup {
  const colour = props.gap === undefined || props.gap === 0 ? 'fff' : props.gap < 0 ? AHEAD : BEHIND;
  return (
    <frame id="cps-widget" pos={[0, 56]}>
      <quad pos={[-24, 4]} size={[48, 12]} bgcolor="0009" z-index={-1} />
      <label pos={[-22, 0]} valign="center" textsize={1} textcolor="aaa" text={props.checkpoint} />
      <label pos={[0, 0]} valign="center" halign="center" textsize={2} text={formatTime(props.time)} />
      <label pos={[22, 0]} valign="center" halign="right" textsize={2} textcolor={colour} text={props.gap === undefined ? '-' : formatGap(props.gap)} />
      <label pos={[0, -5]} size={[44, 4]} valign="center" halign="center" textsize={1} textcolor="aaa" text={props.against} />
    </frame>
  );
}
