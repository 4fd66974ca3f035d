/**
 * The headless front end's commands (DESIGN §10): `npm run -s twin -- <command> [options]`.
 * `--json` prints exactly one JSON document on stdout; progress and logs go to stderr.
 * Exit codes: 0 success, 2 bad input (with the located error on stderr), 1 internal failure.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_PHYSICS_SECONDS, MAX_PHYSICS_SECONDS, runPhysics } from './physics-command';
import { runSimulate } from './simulate-command';
import { terminalSafe, UsageError, type CommandIo } from './io';

const HELP = `Line Twin — headless commands

Usage: npm run -s twin -- <command> [options]

Commands:
  simulate FILE   run a scenario's replications and report throughput, OEE and state times
      --replications N   number of replications (default: the scenario's run.replications)
      --seed S           base seed, an integer 0..4294967295 (default: run.seed)
      --length SECONDS   replication length (default: run.lengthSeconds)
      --warmup SECONDS   warm-up excluded from the statistics (default: run.warmupSeconds)
      --layout           model the physical layout as the physics twin does: conveyors
                         (transport time, spacing, capacity) and humanoids' walking time
      --json             print one JSON document on stdout (docs/commands.md)

  physics FILE    run the scenario's physics twin (line simulator + Rapier world, 60 Hz steps)
      --seconds S        simulated seconds, 0.000001 to ${MAX_PHYSICS_SECONDS} (default ${DEFAULT_PHYSICS_SECONDS})
      --seed N           seed of the line's random streams, 0..4294967295 (default: run.seed)
      --json             print one JSON document on stdout (docs/commands.md)

Exit codes: 0 success, 2 bad input, 1 internal error.`;

export async function main(argv: string[], io: CommandIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command) {
      // No command is a usage error: the help goes to stderr, so stdout stays empty.
      io.stderr(HELP + '\n');
      return 2;
    }
    if (command === 'help' || command === '--help' || command === '-h') {
      io.stdout(HELP + '\n');
      return 0;
    }
    switch (command) {
      case 'simulate':
        return await runSimulate(parseCommandArgs(rest, SIMULATE_OPTIONS), io);
      case 'physics':
        return await runPhysics(parseCommandArgs(rest, PHYSICS_OPTIONS), io);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)} (try: npm run -s twin -- help)`);
    }
  } catch (error) {
    // Messages quote the user's file names, arguments and file content: never let them drive the terminal.
    if (error instanceof UsageError) {
      io.stderr(`twin: ${terminalSafe(error.message)}\n`);
      return 2;
    }
    io.stderr(`twin: internal error: ${terminalSafe(error instanceof Error ? error.message : String(error))}\n`);
    if (process.env.TWIN_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}

const SIMULATE_OPTIONS = {
  replications: { type: 'string' },
  seed: { type: 'string' },
  length: { type: 'string' },
  warmup: { type: 'string' },
  layout: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const PHYSICS_OPTIONS = {
  seconds: { type: 'string' },
  seed: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
