/**
 * One cold finish for the race HUD bench: a new controller process starts, and the first finish of its first
 * run is measured (the code paths a finish takes after the run's checkpoints have not run in this process yet). Arguments: the data folder, the sandbox's
 * port, the players to wait for, the finisher's login and the crowd setting ('' for the default).
 */
import 'reflect-metadata';
import { FINISH_SPACING_MS, measureFinish, quiet, startController } from './ui-race.js';
import { probeWire } from './ui-wire.js';

const [folder = '', port = '0', players = '0', login = '', crowd = ''] = process.argv.slice(2);
const probe = probeWire();
const runtime = await startController(probe, folder, Number(port), Number(players), crowd === '' ? undefined : Number(crowd));
// The start's own redraws are a second old: the finish's redraw is not held back.
await quiet(probe, 2 * FINISH_SPACING_MS);
const sample = await measureFinish(probe, login, () => process.send!({ ready: true }));
await runtime.stop();
process.send!(sample);
process.disconnect();
