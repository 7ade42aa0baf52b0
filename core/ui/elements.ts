/**
 * The ManiaLink 3 elements apps may use, with their attributes as the game reads them (from the public
 * ManiaLink reference). Positions and sizes take `[x, y]` or `"x y"`; booleans are written as 1 / 0.
 * There is no raw `action` attribute: a clickable element declares `onAction`, and the host names the action.
 */
import type { ActionSpec } from './action.js';
import type { Child } from './markup.js';

// A third number is refused with this text as the type it should have been, so the compiler's error says it.
type ExpectedXY = 'expected [x, y]';
type ExpectedWidthHeight = 'expected [width, height]';
/** A position: `[x, y]` or `"x y"`; `[1, 2, 3]` fails to compile with "expected [x, y]". */
export type Position = readonly [x: number, y: number, ...extra: ExpectedXY[]] | `${number} ${number}`;
/** A size: `[width, height]` or `"width height"`; `[1, 2, 3]` fails to compile with "expected [width, height]". */
export type Size = readonly [width: number, height: number, ...extra: ExpectedWidthHeight[]] | `${number} ${number}`;
/** A position or a size. */
export type Vec2 = Position | Size;
export type HAlign = 'left' | 'center' | 'right';
export type VAlign = 'top' | 'center' | 'center2' | 'bottom';
type HexDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
/**
 * A ManiaLink colour: hex digits without `#`, as `rgb`, `rgba`, `rrggbb` or `rrggbbaa` (`fff`, `F00A`,
 * `3c3c3c`, `FF0000CC`), in either case (the ManiaLink reference's "RGBA" colours, e.g. `FFF5` is half-transparent
 * white). The type checks the first three characters are hex digits, so a colour name (`red`), `#fff` or
 * `rgb(...)` fails to compile; the rest of the digits are the game's to read.
 */
export type Color = `${HexDigit}${HexDigit}${HexDigit}${string}` | HexColorBrand;
/** Names the union in the compiler's messages (`not assignable to type 'Color'`); no plain string has it. */
type HexColorBrand = string & { readonly 'a colour is hex digits: rgb, rgba, rrggbb or rrggbbaa': true };

/** What every element accepts. */
export interface CommonAttributes {
  id?: string;
  class?: string;
  pos?: Position;
  'z-index'?: number;
  size?: Size;
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
