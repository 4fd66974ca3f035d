/** Where a command writes; injected so tests can run commands in-process. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stderrIsTty: boolean;
}

/** Bad input from the user: reported on stderr with exit code 2, never a stack trace. */
export class UsageError extends Error {}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a numeric flag, or throws a UsageError naming the flag. */
export function numberFlag(
  name: string,
  text: string | undefined,
  rule: { integer?: boolean; min?: number; max?: number; above?: number },
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const bad = (why: string) => new UsageError(`--${name} ${JSON.stringify(text)}: ${why}`);
  // Decimal only: Number() would also take "0x10", "0b11", " 5 " and "" (as 16, 3, 5 and 0).
  if (!DECIMAL.test(text) || !Number.isFinite(value)) throw bad('must be a decimal number');
  if (rule.integer && !Number.isInteger(value)) throw bad('must be a whole number');
  if (rule.min !== undefined && value < rule.min) throw bad(`must be >= ${rule.min}`);
  if (rule.above !== undefined && value <= rule.above) throw bad(`must be > ${rule.above}`);
  if (rule.max !== undefined && value > rule.max) throw bad(`must be <= ${rule.max}`);
  return value;
}

/** A progress bar on stderr, drawn only on a terminal and only once a run has taken a while. */
export function progressBar(io: CommandIo, label: string, clock: () => number): (done: number, total: number) => void {
  const started = clock();
  let drawn = false;
  return (done, total) => {
    if (!io.stderrIsTty || (!drawn && clock() - started < 300)) return;
    drawn = true;
    const width = 30;
    const filled = Math.round((done / total) * width);
    io.stderr(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
    if (done === total) io.stderr('\n');
  };
}

/**
 * Text from a user's file or argument made safe for a terminal: control characters (C0 but tab
 * and newline, DEL, C1) and the bidirectional overrides that can hide or reorder text are shown
 * as \u escapes instead of being interpreted (an ESC in a scenario name could rewrite the screen).
 */
export function terminalSafe(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
