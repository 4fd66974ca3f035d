import { readFileSync, statSync } from 'node:fs';
import { simulateScenario } from '../engine/experiments/simulate';
import { formatReportText } from '../engine/experiments/report-text';
import { parseScenarioJson, formatIssues, MAX_SCENARIO_CHARS } from '../engine/model/validate';
import { numberFlag, progressBar, UsageError, type CommandIo } from './io';

interface SimulateArgs {
  values: { replications?: string; seed?: string; length?: string; warmup?: string; json?: boolean };
  positionals: string[];
}

/** Reads a user's file with a size bound; a missing or unreadable file is bad input. */
export function readUserFile(file: string, maxBytes: number): string {
  try {
    if (statSync(file).size > maxBytes) throw new UsageError(`${file}: larger than ${maxBytes} bytes`);
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read (${code ?? String(error)})`);
  }
}

export async function runSimulate({ values, positionals }: SimulateArgs, io: CommandIo): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('simulate takes exactly one scenario FILE');
  const file = positionals[0];
  const replications = numberFlag('replications', values.replications, { integer: true, min: 1, max: 100_000 });
  const seed = numberFlag('seed', values.seed, { integer: true, min: 0, max: 4_294_967_295 });
  const lengthSeconds = numberFlag('length', values.length, { above: 0, max: 1e9 });
  const warmupSeconds = numberFlag('warmup', values.warmup, { min: 0, max: 1e9 });
  const parsed = parseScenarioJson(readUserFile(file, MAX_SCENARIO_CHARS), file);
  if (!parsed.ok) throw new UsageError(`invalid scenario\n${formatIssues(parsed.errors, file)}`);
  const run = parsed.value.run;
  const length = lengthSeconds ?? run.lengthSeconds;
  const warmup = warmupSeconds ?? run.warmupSeconds;
  if (warmup >= length) throw new UsageError(`--warmup ${warmup} must be below the run length ${length}`);
  const clock = () => performance.now();
  const report = simulateScenario(parsed.value, {
    replications,
    seed,
    lengthSeconds,
    warmupSeconds,
    clock,
    onProgress: progressBar(io, 'simulate', clock),
  });
  io.stdout(values.json ? JSON.stringify(report) + '\n' : formatReportText(report));
  return 0;
}
