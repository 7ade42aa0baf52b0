import { benchBoot } from './boot.js';
import { benchDispatch } from './dispatch.js';
import { benchGbxThroughput } from './gbx-throughput.js';
import { format } from './stats.js';
import { benchXmlDecode } from './xml-decode.js';

/** `npm run bench`: every figure is a ratio against a baseline measured in the same run. */
const quick = process.argv.includes('--quick');

const lines: string[] = [];
const print = (line: string): void => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};

print('# GbxRemote throughput: Pitwall client vs npm gbxremote 0.2.1, same sandbox server (child process)');
for (const result of await benchGbxThroughput(['GetStatus', 'GetMapList'], quick ? 500 : 3000)) {
  print(
    `${result.method.padEnd(11)} sequential: ${format(result.pitwallSequential)} vs ${format(result.gbxremoteSequential)} req/s = ` +
      `${format(result.pitwallSequential / result.gbxremoteSequential, 2)}x | 100 in flight: ${format(result.pitwallInFlight)} vs ` +
      `${format(result.gbxremoteInFlight)} req/s = ${format(result.pitwallInFlight / result.gbxremoteInFlight, 2)}x`,
  );
}

print('\n# Callback dispatch: event bus with an attributed app handler vs a bare EventEmitter');
for (const kind of ['trivial', 'typical'] as const) {
  const dispatch = await benchDispatch(quick ? 200_000 : 2_000_000, kind);
  print(
    `${kind.padEnd(7)} handler: bare ${format(dispatch.bareEmitsPerSecond)} /s, wrapped ${format(dispatch.wrappedEmitsPerSecond)} /s: ` +
      `time per event ${format(dispatch.bareEmitsPerSecond / dispatch.wrappedEmitsPerSecond, 2)}x`,
  );
}

print('\n# XML-RPC decoding: our scanner vs fast-xml-parser 5 (same output)');
const decode = await benchXmlDecode(quick ? 2_000 : 10_000);
print(
  `${format(decode.bytes)} byte answer: ${format(decode.pitwallPerSecond)} vs ${format(decode.fastXmlParserPerSecond)} decodes/s = ` +
    `${format(decode.pitwallPerSecond / decode.fastXmlParserPerSecond, 2)}x`,
);

print('\n# Boot: sandbox + connect + state + apps, 20 trivial chained apps vs none');
const boot = await benchBoot();
print(`no apps ${format(boot.noAppsMs, 1)} ms, 20 apps ${format(boot.twentyAppsMs, 1)} ms = ${format(boot.twentyAppsMs / boot.noAppsMs, 2)}x`);
