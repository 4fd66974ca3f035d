/**
 * `npm run bench [-- PREFIX]`: runs every benchmark whose name starts with PREFIX and prints one
 * JSON line per benchmark on stdout. Run with --expose-gc (the npm script does) so heap figures
 * are measured after a full collection.
 */
import { desSerial10 } from './des-serial-10';
import { physicsScale } from './physics-scale';
import { physicsRobot } from './physics-robot';
import { physicsReferenceLine } from './physics-reference-line';
import { webBundle } from './web-bundle';
import { webFrame } from './web-frame';

export interface Benchmark {
  name: string;
  run(): Promise<Record<string, unknown>> | Record<string, unknown>;
}

const benchmarks: Benchmark[] = [desSerial10, physicsScale, physicsRobot, physicsReferenceLine, webBundle, webFrame];

const prefix = process.argv[2] ?? '';
const selected = benchmarks.filter((b) => b.name.startsWith(prefix));
if (selected.length === 0) {
  process.stderr.write(`bench: no benchmark starts with "${prefix}" (have: ${benchmarks.map((b) => b.name).join(', ')})\n`);
  process.exitCode = 2;
}
for (const b of selected) {
  const result = await b.run();
  process.stdout.write(JSON.stringify({ name: b.name, ...result }) + '\n');
}
