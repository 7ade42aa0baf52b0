import { bootLines } from './boot.js';
import { benchDashboardJoins, dashboardLines } from './dashboard.js';
import { dispatchLines } from './dispatch.js';
import { workerIsolationLines } from './worker-isolation.js';
import { appReloadLines } from './app-reload.js';
import { benchGbxThroughput, throughputLines } from './gbx-throughput.js';
import { benchRedactionRules } from './redact.js';
import { benchScriptDecode } from './script-decode.js';
import { benchErrorStorm, benchReportBuild } from './reporting.js';
import { benchSourceMaps } from './source-maps.js';
import { REPORTING_BLOCK_MS } from '../settings/base.js';
import { benchRecords } from './records.js';
import { benchRecordsBurst } from './records-burst.js';
import { rankingLines, rankingTitle } from './ranking.js';
import { benchServerRank } from './server-rank.js';
import { format } from './stats.js';
import { benchXmlDecode } from './xml-decode.js';
import { benchRender, benchWidgetUpdate } from './ui.js';
import { raceLines } from './ui-race.js';

/** `npm run bench`: every figure is a ratio against a baseline measured in the same run. */
const quick = process.argv.includes('--quick');

// `npm run bench -- --instructions [gbx|dispatch|records ...]`: instruction counts under callgrind instead of times.
if (process.argv.includes('--instructions')) {
  const { instructionLines } = await import('./instructions.js');
  await instructionLines(process.argv.slice(2).filter((arg) => !arg.startsWith('--')), (line) => process.stdout.write(`${line}\n`));
  process.exit(0);
}

const lines: string[] = [];
const print = (line: string): void => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

print('# GbxRemote throughput: Pitwall client vs the raw framing floor and npm gbxremote 0.2.1, one minimal answering server (child process)');
for (const line of throughputLines(await benchGbxThroughput([
  { method: 'GetStatus', count: quick ? 500 : 3000 },
  { method: 'GetMapList', count: quick ? 10 : 30 },
]))) print(line);

print('\n# Callback dispatch: event bus with an attributed app handler vs a bare EventEmitter');
for (const line of await dispatchLines(quick ? 200_000 : 2_000_000)) print(line);

print('\n# Worker isolation: an event to an app in process vs the same app in a worker thread, 20 worker apps, memory per worker');
for (const line of await workerIsolationLines(quick ? 500 : 3000)) print(line);

print('\n# Reloading one app: //app reload records on a map with 100,000 records, from the request to the new version running');
for (const line of await appReloadLines(quick ? 10_000 : 100_000)) print(line);

print('\n# Script callbacks: a finish WayPoint decoded into playerFinish vs its JSON parse alone (modeScript)');
const script = await benchScriptDecode(quick ? 50_000 : 500_000);
print(`${format(script.typedPerSecond)} vs ${format(script.jsonPerSecond)} callbacks/s = ${format(script.typedPerSecond / script.jsonPerSecond, 2)}x`);

print('\n# XML-RPC decoding: our scanner vs fast-xml-parser 5 (same output)');
for (const decode of await benchXmlDecode(quick ? 2_000 : 10_000)) {
  print(
    `${format(decode.bytes)} byte ${decode.shape} answer: ${format(decode.pitwallPerSecond)} vs ${format(decode.fastXmlParserPerSecond)} decodes/s = ` +
      `${format(decode.pitwallPerSecond / decode.fastXmlParserPerSecond, 2)}x`,
  );
}

print('\n# Boot: sandbox + connect + state + apps, 20 trivial chained apps vs none (a restart: the data folder kept)');
for (const line of await bootLines(quick ? 3 : 9)) print(line);

print('\n# Error reports: build + redact at level 2, typical error with ~2 KB of context');
const build = await benchReportBuild(quick ? 500 : 3000);
print(`p50 ${format(build.p50Ms, 3)} ms, p99 ${format(build.p99Ms, 3)} ms; JSON.stringify of the raw data alone p50 ${format(build.baselineP50Ms, 3)} ms = ${format(build.p50Ms / build.baselineP50Ms, 1)}x`);

print('\n# Source maps: the frames of one report, maps cached vs no maps (and the first error of those files)');
const maps = benchSourceMaps(quick ? 2_000 : 10_000);
print(
  `cached p50 ${format(maps.cachedMs, 3)} ms vs no maps ${format(maps.baselineMs, 3)} ms = ${format(maps.cachedMs / maps.baselineMs, 1)}x; ` +
    `cold (reading ${maps.files} files' maps) ${format(maps.coldMs, 2)} ms, once per file`,
);

print('\n# Redaction rules: worst adversarial input per rule, 1 MB, as a multiple of a plain scan (goal: at most 20x, linear)');
for (const rule of benchRedactionRules(quick ? 256 * 1024 : 1024 * 1024)) {
  print(`${rule.name.padEnd(16)} ${format(rule.ratio, 1)}x a plain scan on ${rule.worst}; 4x the size costs ${format(rule.growth, 1)}x the time`);
}

print('\n# Error storm: one app throwing on every event, through the whole pipeline (level 2)');
const storm = await benchErrorStorm(quick ? 20_000 : 100_000);
print(
  `${format(storm.errors)} errors in ${format(storm.seconds, 2)} s (${format(storm.errors / storm.seconds)}/s): RSS growth ${format(storm.rssGrowthMb, 1)} MB, ` +
    `event-loop lag p99 ${format(storm.lagP99Ms, 1)} ms, ${storm.reportsWritten} report(s) written (repeats counted, not sent)`,
);

print('\n# Local variables capture (level 2): 10k errors, inspector on vs off');
const withLocals = await benchErrorStorm(quick ? 2_000 : 10_000, { captureLocals: true });
const withoutLocals = await benchErrorStorm(quick ? 2_000 : 10_000, { captureLocals: false });
print(
  `errors/s with capture ${format(withLocals.perSecond)} vs without ${format(withoutLocals.perSecond)} = ${format(withLocals.perSecond / withoutLocals.perSecond, 2)}x; ` +
    `event-loop lag p99 with capture ${format(withLocals.lagP99Ms, 1)} ms (without ${format(withoutLocals.lagP99Ms, 1)} ms)`,
);

print('\n# Records: submit (an improved time) + top-10 on one map with 100,000 records, SQLite store vs the former JSON file');
const records = await benchRecords(100_000, quick ? 300 : 3000, quick ? 10 : 40);
print(
  `SQLite p50 ${format(records.sqliteP50Ms, 3)} ms, p99 ${format(records.sqliteP99Ms, 3)} ms (CPU ${format(records.sqliteCpuMsPerOperation, 3)} ms per operation); ` +
    `JSON file p50 ${format(records.jsonP50Ms, 1)} ms, p99 ${format(records.jsonP99Ms, 1)} ms = p99 ${format(records.jsonP99Ms / records.sqliteP99Ms, 0)}x faster on SQLite`,
);
const budget = REPORTING_BLOCK_MS / 10;
const perKind = Object.keys(records.longestMs)
  .map((kind) => `${kind} p99 ${format(records.p99Ms[kind as keyof typeof records.p99Ms], 2)} / max ${format(records.longestMs[kind as keyof typeof records.longestMs], 2)} ms`)
  .join(', ');
print(`single queries (each blocks the event loop on SQLite): ${perKind}; budget REPORTING_BLOCK_MS/10 = ${budget} ms`);

print(`\n${rankingTitle}`);
for (const line of await rankingLines(quick)) print(line);

print('\n# Server rank: a new personal best on a random map + that player\'s rank, 100 records a map (100,000 over 1,000 maps; a tenth under --quick), kept incrementally vs recomputed from every record (goal: p99 under 5 ms)');
const serverRank = await benchServerRank(quick ? 10_000 : 100_000, quick ? 100 : 1_000, quick ? 300 : 2000, quick ? 10 : 30);
print(
  `incremental p50 ${format(serverRank.p50Ms, 3)} ms, p99 ${format(serverRank.p99Ms, 3)} ms; full recompute p50 ${format(serverRank.naiveP50Ms, 1)} ms, ` +
    `p99 ${format(serverRank.naiveP99Ms, 1)} ms = p99 ${format(serverRank.naiveP99Ms / serverRank.p99Ms, 0)}x faster incrementally`,
);

print('\n# Records burst: N players each driving an improved time within one second on a map with 100,000 records; a bystander types /players every 10 ms (goal at 500: p99 under 50 ms, no block over REPORTING_BLOCK_MS/10)');
const bursts = await benchRecordsBurst(quick ? [10, 500] : [10, 100, 250, 500], 100_000);
const baseline = bursts[0]!;
for (const burst of bursts) {
  print(
    `${String(burst.players).padStart(3)} players: bystander p50 ${format(burst.bystanderP50Ms, 1)} ms, p99 ${format(burst.bystanderP99Ms, 1)} ms (${format(burst.bystanderP99Ms / baseline.bystanderP99Ms, 1)}x ${baseline.players} players), ` +
      `longest block ${format(burst.longestBlockMs, 1)} ms (budget ${budget} ms); ${burst.improvementsStored} of ${burst.players} improvements stored, ${burst.answers} answers`,
  );
}

print('\n# ManiaLink: the records window (10 rows) rendered through TSX vs the same XML built by hand (template literals + escaping; goal: at most 1.5x)');
const render = benchRender(quick ? 5_000 : 20_000);
print(`TSX ${format(render.tsxPerSecond)} vs by hand ${format(render.handPerSecond)} renders/s: time per render ${format(render.handPerSecond / render.tsxPerSecond, 2)}x`);

print('\n# ManiaLink: the records widget updated for 100 players, from the event to the multicall frame written (goal: one multicall, p99 under 5 ms)');
const widget = await benchWidgetUpdate(quick ? 50 : 300);
print(`${widget.players} players, ${widget.updates} updates: ${format(widget.multicallsPerUpdate, 2)} multicall(s) per update, p50 ${format(widget.p50Ms, 2)} ms, p99 ${format(widget.p99Ms, 2)} ms`);

print('\n# Race HUD on a full server: a finish taking record #1 on a map with 100,000 records (a tenth under --quick) and 200 players, from the WayPoint frame read to the widget\'s frame written, shared page vs per-player rows, warm and cold (a new process); a checkpoint crossing with 200 players racing, to the player\'s difference written (goals: p99 under 5 ms and 2 ms)');
for (const line of await raceLines(quick)) print(line);

print('\n# Dashboard: a player joins the sandbox; time until an open page\'s event stream lists them, vs the controller\'s own playerConnect event');
for (const line of dashboardLines(await benchDashboardJoins(quick ? 20 : 100))) print(line);
