import { decodeScriptEvent } from '../core/server/decode.js';
import { decodeTypedScriptEvent } from '../core/server/decode-script.js';
import { median } from './stats.js';

export interface ScriptDecodeResult {
  /** ModeScriptCallbackArray frames read per second: JSON only (what modeScript costs), and typed on top. */
  jsonPerSecond: number;
  typedPerSecond: number;
}

/** A finish WayPoint as Trackmania 2020 sends it once the checkpoint times are asked for. */
const run = [5_000, 10_000, 15_000, 20_000, 25_000];
const params = [
  'Trackmania.Event.WayPoint',
  [JSON.stringify({ time: 123_456, login: 'anna', accountid: 'acc', racetime: 25_000, laptime: 25_000, checkpointinrace: 4, checkpointinlap: 4, isendrace: true, isendlap: true, curracecheckpoints: run, curlapcheckpoints: run, blockid: '#5', speed: 412.5 })],
];
const context = { modeScript: 'Trackmania/TM_TimeAttack_Online.Script.txt' };

/** The typed events' cost per WayPoint: its JSON parse alone vs parse and typed decoding, back to back. */
export async function benchScriptDecode(count: number): Promise<ScriptDecodeResult> {
  const rate = (decode: () => void) => () => {
    const started = process.hrtime.bigint();
    for (let index = 0; index < count; index++) decode();
    return count / (Number(process.hrtime.bigint() - started) / 1e9);
  };
  const json = rate(() => void decodeScriptEvent(params));
  const typed = rate(() => {
    const event = decodeScriptEvent(params);
    if (event.ok) decodeTypedScriptEvent(event.value, context);
  });
  json();
  typed();
  return { jsonPerSecond: await median(5, json), typedPerSecond: await median(5, typed) };
}
