/**
 * Runs `main()` of the command line for a batch of argument lists read as JSON from stdin, and
 * prints one JSON line per finished case: { i, code, stdout, stderr, ms }. The bad-input tests
 * run in a child process those cases that reach the engine or could block, so a hang is a failed
 * test with the case named (the parent kills the child at its timeout) instead of a stuck run.
 * Usage: node --import tsx test/badinput/isolated-main.ts < cases.json
 */
import { readFileSync, writeSync } from 'node:fs';
import { main } from '../../cli/main';

const cases = JSON.parse(readFileSync(0, 'utf8')) as string[][];
for (let i = 0; i < cases.length; i++) {
  // Announce the case first: if it never finishes, the parent knows which one hung.
  writeSync(1, `${JSON.stringify({ i, started: true })}\n`);
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await main(cases[i], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrIsTty: false,
  });
  const ms = performance.now() - started;
  writeSync(1, `${JSON.stringify({ i, code, stdout, stderr, ms })}\n`);
}
