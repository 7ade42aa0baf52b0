import type { Color, Markup } from '../../core/index.js';
import type { Standing, StandingState, TeamStanding } from './standings.js';

const ROW = 4;

/** The word and colour of a row's state: a Cup finalist in yellow, a winner in green, a player out in red. */
const STATES: Readonly<Record<StandingState, { text: string; colour: Color }>> = {
  finalist: { text: 'Finalist', colour: 'fc3' },
  winner: { text: 'Winner', colour: '3c6' },
  out: { text: 'Out', colour: 'f66' },
};

/** Teams' colours by team id, as the game paints them: blue, red. */
const TEAM_COLOURS: readonly Color[] = ['39f', 'f44'];

/** 83456 -> "1:23.456" */
export function formatTime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}:${String(seconds).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

/** A gap behind the leader: 1500 -> "+1.500", 61500 -> "+1:01.500". */
export function formatGap(ms: number): string {
  const seconds = `${Math.floor((ms % 60_000) / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
  return ms < 60_000 ? `+${seconds}` : `+${Math.floor(ms / 60_000)}:${seconds.padStart(6, '0')}`;
}

/**
 * The live ranking, at the left of the screen: in Time Attack and Laps rank, player, best time and the gap to
 * the leader; in the points modes rank, player, match points and (in green) what the last round added, or
 * the player's state in its place (Cup: Finalist, Winner); in Knockout rank and player, "Out" for those
 * eliminated. In Teams each team's points come first, in its colour.
 */
export function LiveRanking(props: { rows: readonly Standing[]; teams: readonly TeamStanding[]; count: number }): Markup {
  const leader = props.rows[0]?.time;
  const first = props.teams.length;
  const height = 8 + (props.count + first) * ROW;
  return (
    <frame id="live-ranking" pos={[-160, 40]}>
      <quad size={[52, height]} bgcolor="0009" z-index={-1} />
      <label pos={[2, -3]} valign="center" textsize={1} textcolor="3c6" text="Live" />
      {props.teams.map((team, index) => (
        <frame pos={[2, -9 - index * ROW]}>
          <label pos={[6, 0]} size={[22, ROW]} valign="center" textsize={1} textcolor={TEAM_COLOURS[team.id] ?? 'fff'} text={team.name} />
          <label pos={[38, 0]} valign="center" halign="right" textsize={1} textcolor={TEAM_COLOURS[team.id] ?? 'fff'} text={String(team.points)} />
          {team.roundPoints > 0 && <label pos={[49, 0]} valign="center" halign="right" textsize={1} textcolor="6c6" text={`+${team.roundPoints}`} />}
        </frame>
      ))}
      {props.rows.map((row, index) => {
        const y = -9 - (first + index) * ROW;
        const state = row.state === undefined ? undefined : STATES[row.state];
        return (
          <frame pos={[2, y]}>
            <label pos={[5, 0]} valign="center" halign="right" textsize={1} textcolor="aaa" text={`${index + 1}.`} />
            <label pos={[6, 0]} size={[22, ROW]} valign="center" textsize={1} text={row.nickName} />
            {row.time !== undefined && <label pos={[38, 0]} valign="center" halign="right" textsize={1} text={formatTime(row.time)} />}
            {row.time !== undefined && index > 0 && leader !== undefined && (
              <label pos={[49, 0]} valign="center" halign="right" textsize={1} textcolor="f66" text={formatGap(row.time - leader)} />
            )}
            {row.points !== undefined && <label pos={[38, 0]} valign="center" halign="right" textsize={1} text={String(row.points)} />}
            {state === undefined && row.roundPoints !== undefined && row.roundPoints > 0 && <label pos={[49, 0]} valign="center" halign="right" textsize={1} textcolor="6c6" text={`+${row.roundPoints}`} />}
            {state !== undefined && <label pos={[49, 0]} valign="center" halign="right" textsize={1} textcolor={state.colour} text={state.text} />}
          </frame>
        );
      })}
    </frame>
  );
}

/**
 * The best checkpoints, as a strip along the top of the screen: for each checkpoint its number, the fastest
 * time there this session and who drove it, up to `perRow` checkpoints a row.
 */
export function BestCheckpointStrip(props: { best: readonly ({ time: number; nickName: string } | undefined)[]; perRow: number }): Markup {
  const width = 24;
  const rows = Math.ceil(props.best.length / props.perRow);
  const left = -(Math.min(props.best.length, props.perRow) * width) / 2;
  return (
    <frame id="live-best-cps" pos={[left, 89]}>
      <quad size={[Math.min(props.best.length, props.perRow) * width, rows * 7 + 1]} bgcolor="0009" z-index={-1} />
      {props.best.map((best, index) => (
        <frame pos={[(index % props.perRow) * width + 1, -Math.floor(index / props.perRow) * 7 - 2]}>
          <label pos={[0, 0]} valign="center" textsize={0.5} textcolor="3c6" text={String(index + 1)} />
          <label pos={[width - 2, 0]} valign="center" halign="right" textsize={1} text={best ? formatTime(best.time) : '-'} />
          <label pos={[0, -4]} size={[width - 2, 3]} valign="center" textsize={0.5} textcolor="aaa" text={best?.nickName ?? ''} />
        </frame>
      ))}
    </frame>
  );
}
