/**
 * The ManiaLink 3 elements apps may use, with their attributes as the game reads them (from the public
 * ManiaLink reference). Positions and sizes take `[x, y]` or `"x y"`; booleans are written as 1 / 0.
 * There is no raw `action` attribute: a clickable element declares `onAction`, and the host names the action.
 */
import type { ActionSpec } from './action.js';
import type { Child } from './markup.js';

export type Vec2 = readonly [number, number] | `${number} ${number}`;
export type HAlign = 'left' | 'center' | 'right';
export type VAlign = 'top' | 'center' | 'center2' | 'bottom';
/** `rgb`, `rgba`, `rrggbb` or `rrggbbaa` in hex, e.g. `fff`, `000a`, `3c3c3c`. */
export type Color = string;

/** What every element accepts. */
export interface CommonAttributes {
  id?: string;
  class?: string;
  pos?: Vec2;
  'z-index'?: number;
  size?: Vec2;
  scale?: number;
  /** Rotation in degrees, clockwise. */
  rot?: number;
  halign?: HAlign;
  valign?: VAlign;
  hidden?: boolean;
  /** Sends ManiaScript events (needed for a script to react to mouse events on it). */
  scriptevents?: boolean;
}

/** Elements a player can click: `onAction` calls the app's handler; `url` and `manialink` open a link. */
export interface ClickableAttributes {
  onAction?: ActionSpec;
  url?: string;
  manialink?: string;
}

export interface FrameAttributes extends CommonAttributes {
  children?: Child;
}

export interface QuadAttributes extends CommonAttributes, ClickableAttributes {
  image?: string;
  imagefocus?: string;
  alphamask?: string;
  style?: string;
  substyle?: string;
  styleselected?: boolean;
  bgcolor?: Color;
  bgcolorfocus?: Color;
  modulatecolor?: Color;
  colorize?: Color;
  opacity?: number;
  keepratio?: 'Inactive' | 'Clip' | 'Fit';
  autoscale?: boolean;
}

export interface LabelAttributes extends CommonAttributes, ClickableAttributes {
  /** Escaped, and formatting links ($l, $h, $p) removed: any player-supplied text is safe here. */
  text?: string | number;
  textprefix?: string;
  textsize?: number;
  textfont?: string;
  textcolor?: Color;
  textemboss?: boolean;
  maxline?: number;
  autonewline?: boolean;
  linespacing?: number;
  opacity?: number;
  translate?: boolean;
  style?: string;
  focusareacolor1?: Color;
  focusareacolor2?: Color;
  italicslope?: number;
  appendellipsis?: boolean;
}

type TextFormat = 'Basic' | 'Script' | 'Password' | 'Newpassword';

export interface EntryAttributes extends CommonAttributes {
  /** The key its value comes back under in a click's `entries`. */
  name: string;
  default?: string | number;
  textformat?: TextFormat;
  textsize?: number;
  textfont?: string;
  textcolor?: Color;
  focusareacolor1?: Color;
  focusareacolor2?: Color;
  selecttext?: boolean;
  maxlen?: number;
  opacity?: number;
  style?: string;
}

export interface TextEditAttributes extends EntryAttributes {
  maxline?: number;
  autonewline?: boolean;
  linespacing?: number;
  showlinenumbers?: boolean;
}

export interface FileEntryAttributes extends EntryAttributes {
  type?: number;
  folder?: string;
}

export interface GaugeAttributes extends CommonAttributes {
  ratio?: number;
  grading?: number;
  color?: Color;
  centered?: boolean;
  clan?: number;
  drawbg?: boolean;
  drawblockbg?: boolean;
  style?: string;
}

export interface MediaAttributes extends CommonAttributes {
  data: string;
  play?: boolean;
  looping?: boolean;
  music?: boolean;
}

export interface AudioAttributes extends MediaAttributes {
  volume?: number;
}

/** Tag name -> attributes: the typed ManiaLink vocabulary of `pitwall/jsx-runtime` and `h()`. */
export interface ManiaLinkElements {
  frame: FrameAttributes;
  quad: QuadAttributes;
  label: LabelAttributes;
  entry: EntryAttributes;
  textedit: TextEditAttributes;
  fileentry: FileEntryAttributes;
  gauge: GaugeAttributes;
  graph: CommonAttributes;
  audio: AudioAttributes;
  video: MediaAttributes;
}

export const ELEMENT_NAMES: ReadonlySet<string> = new Set<keyof ManiaLinkElements>([
  'frame', 'quad', 'label', 'entry', 'textedit', 'fileentry', 'gauge', 'graph', 'audio', 'video',
]);
