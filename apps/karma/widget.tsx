import type { ActionSpec, Markup } from '../../core/index.js';

export interface KarmaWidgetProps {
  /** The map's score, signed ("+3"). */
  score: string;
  votes: number;
  onUp: ActionSpec;
  onDown: ActionSpec;
}

/** A small box at the right edge: the map's karma and a ++ and a -- button (ids karma-up, karma-down). */
export function KarmaWidget(props: KarmaWidgetProps): Markup {
  return (
    <frame pos={[140, 60]} z-index={1}>
      <quad size={[24, 12]} bgcolor="111a" z-index={-1} />
      <label pos={[12, -3]} halign="center" valign="center" textsize={1} textcolor="aaa" text="Karma" size={[22, 4]} />
      <label pos={[12, -7]} halign="center" valign="center" textsize={2} textcolor="fff" text={`${props.score} (${props.votes})`} size={[22, 5]} />
      <label id="karma-up" pos={[5, -10.5]} halign="center" valign="center" textsize={1} textcolor="6f6" text="++" onAction={props.onUp} focusareacolor1="0000" focusareacolor2="fff3" />
      <label id="karma-down" pos={[19, -10.5]} halign="center" valign="center" textsize={1} textcolor="f66" text="--" onAction={props.onDown} focusareacolor1="0000" focusareacolor2="fff3" />
    </frame>
  );
}
