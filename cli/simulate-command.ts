import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { simulateScenario } from '../engine/experiments/simulate';
import { formatReportText } from '../engine/experiments/report-text';
import { parseScenarioJson, formatIssues, MAX_SCENARIO_CHARS } from '../engine/model/validate';
import { LIMITS, runWindowProblem } from '../engine/model/schema';
import { numberFlag, progressBar, terminalSafe, UsageError, type CommandIo } from './io';

interface SimulateArgs {
  values: { replications?: string; seed?: string; length?: string; warmup?: string; json?: boolean; layout?: boolean };
  positionals: string[];
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EISDIR: 'is a directory, not a file',
};

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a pipe (FIFO)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a user's file as UTF-8 text with a size bound; a missing, unreadable, oversized or
 * non-text file is bad input. Only regular files are opened: a FIFO would block until a writer
 * comes and a device such as /dev/zero never ends. At most maxBytes + 1 bytes are read whatever
 * the file's stated size (it may grow meanwhile, and /proc files report 0).
 */
export function readUserFile(file: string, maxBytes: number): string {
  let fd: number | undefined;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw new UsageError(`${file}: cannot read: ${kindOf(info)}, not a regular file`);
    if (info.size > maxBytes) throw new UsageError(`${file}: ${tooLarge(maxBytes)}`);
    fd = openSync(file, 'r');
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(info.size + 1, 64 * 1024)));
    let length = 0;
    let chunk = buffer;
    for (;;) {
      if (length === chunk.length) {
        if (length > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, chunk.length * 2));
        chunk.copy(bigger, 0, 0, length);
        chunk = bigger;
      }
      const n = readSync(fd, chunk, length, chunk.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new UsageError(`${file}: ${tooLarge(maxBytes)}`);
    return decodeUtf8(chunk.subarray(0, length), file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = (code && REASONS[code]) ?? code ?? String(error);
    throw new UsageError(`${file}: cannot read: ${reason}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(maxBytes: number): string {
  return `larger than ${maxBytes / 1024 / 1024} MB (${maxBytes} bytes), the limit for a scenario`;
}

/** UTF-8 text, or a UsageError located at the first byte that is not UTF-8. */
function decodeUtf8(bytes: Buffer, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UsageError(`${file}: is UTF-16 text; save it as UTF-8`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(10, offset - 1) + 1;
    const line = countByte(bytes, 10, offset) + 1;
    const column = bytes.subarray(lineStart, offset).toString('utf8').length + 1;
    const byte = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
    throw new UsageError(`${file}:${line}:${column}: is not UTF-8 text (byte 0x${byte}); save it as UTF-8`);
  }
}

function countByte(bytes: Buffer, value: number, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(value); i >= 0 && i < end; i = bytes.indexOf(value, i + 1)) count++;
  return count;
}

/** Offset of the first byte of the first ill-formed UTF-8 sequence (Unicode 15, table 3-7). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return b.length;
}

export async function runSimulate({ values, positionals }: SimulateArgs, io: CommandIo): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('simulate takes exactly one scenario FILE');
  const file = positionals[0];
  const replications = numberFlag('replications', values.replications, { integer: true, min: 1, max: LIMITS.replications });
  const seed = numberFlag('seed', values.seed, { integer: true, min: 0, max: LIMITS.seed });
  const lengthSeconds = numberFlag('length', values.length, { min: LIMITS.tick, max: LIMITS.seconds });
  const warmupSeconds = numberFlag('warmup', values.warmup, { min: 0, max: LIMITS.seconds });
  const parsed = parseScenarioJson(readUserFile(file, MAX_SCENARIO_CHARS), file);
  if (!parsed.ok) throw new UsageError(`invalid scenario\n${formatIssues(parsed.errors, file)}`);
  const run = parsed.value.run;
  const length = lengthSeconds ?? run.lengthSeconds;
  const warmup = warmupSeconds ?? run.warmupSeconds;
  const problem = runWindowProblem(warmup, length);
  if (problem) {
    const w = warmupSeconds === undefined ? `run.warmupSeconds ${warmup} (from ${file})` : `--warmup ${warmup}`;
    const l = lengthSeconds === undefined ? `run.lengthSeconds ${length} (from ${file})` : `--length ${length}`;
    const rounding = problem.includes('µs') ? ' by at least 1 µs (the clock counts whole microseconds)' : '';
    throw new UsageError(
      lengthSeconds !== undefined && warmupSeconds === undefined
        ? `${l} must be above ${w}${rounding}`
        : `${w} must be below ${l}${rounding}`,
    );
  }
  const layout = parsed.value.layout;
  if (values.layout && !layout?.conveyors?.length && !layout?.humanoids?.length) {
    throw new UsageError(`--layout: ${file} has no layout.conveyors or layout.humanoids to model`);
  }
  const clock = () => performance.now();
  const report = simulateScenario(parsed.value, {
    conveyors: values.layout,
    walking: values.layout,
    replications,
    seed,
    lengthSeconds,
    warmupSeconds,
    clock,
    onProgress: progressBar(io, 'simulate', clock),
  });
  // JSON escapes control characters itself; the text report goes to a terminal.
  io.stdout(values.json ? JSON.stringify(report) + '\n' : formatReportText({ ...report, name: terminalSafe(report.name) }));
  return 0;
}
