/** Entry point of `npm run twin`: runs the command line and sets the exit code. */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: Boolean(process.stderr.isTTY),
});
