import type { ActionSpec, Markup } from '../../core/index.js';
import type { TmxMap } from './client.js';

export interface TmxSearchProps {
  title: string;
  maps: readonly TmxMap[];
  /** What a click on a map's name does, as its label says ("Add" for admins, "Queue" for players). */
  verb: string;
  /** The window's own words, in the reader's language. */
  labels: { close: string; map: string; author: string; length: string; awards: string; noMap: string };
  onPick(map: TmxMap): ActionSpec;
  onClose: ActionSpec;
  formatTime(ms: number): string;
}

const ROW = 5;

/** TMX search results: name (ids pick-<tmx id>), author, length, awards, and the action each row offers. */
export function TmxSearchWindow(props: TmxSearchProps): Markup {
  const width = 150;
  const height = 26 + Math.max(props.maps.length, 1) * ROW;
  return (
    <frame id="tmx-window" pos={[-width / 2, height / 2]} z-index={10}>
      <quad size={[width, height]} bgcolor="111d" z-index={-1} />
      <quad size={[width, 8]} bgcolor="3c6e" z-index={0} />
      <label pos={[3, -4]} valign="center" textsize={2} text={props.title} textcolor="fff" size={[width - 20, 6]} />
      <label id="list-close" pos={[width - 3, -4]} halign="right" valign="center" textsize={2} text={props.labels.close} textcolor="fff" onAction={props.onClose} focusareacolor1="0000" focusareacolor2="fff3" />
      <label pos={[3, -13]} valign="center" textsize={1} textcolor="aaa" text={props.labels.map} />
      <label pos={[73, -13]} valign="center" textsize={1} textcolor="aaa" text={props.labels.author} />
      <label pos={[118, -13]} halign="right" valign="center" textsize={1} textcolor="aaa" text={props.labels.length} />
      <label pos={[132, -13]} halign="right" valign="center" textsize={1} textcolor="aaa" text={props.labels.awards} />
      {props.maps.map((map, index) => (
        <frame pos={[0, -19 - index * ROW]}>
          <label pos={[3, 0]} valign="center" textsize={1} textcolor="fff" text={map.gbxName} size={[68, ROW]} />
          <label pos={[73, 0]} valign="center" textsize={1} textcolor="fff" text={map.author} size={[34, ROW]} />
          <label pos={[118, 0]} halign="right" valign="center" textsize={1} textcolor="fff" text={props.formatTime(map.lengthMs)} />
          <label pos={[132, 0]} halign="right" valign="center" textsize={1} textcolor="fff" text={String(map.awards)} />
          <label id={`pick-${map.id}`} pos={[width - 3, 0]} halign="right" valign="center" textsize={1} textcolor="6f6" text={props.verb} onAction={props.onPick(map)} focusareacolor1="0000" focusareacolor2="fff3" />
        </frame>
      ))}
      {props.maps.length === 0 && <label pos={[3, -19]} valign="center" textsize={1} textcolor="aaa" text={props.labels.noMap} />}
    </frame>
  );
}
