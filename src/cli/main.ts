import { Command, CommanderError } from 'commander';
import { VpcformError } from '../errors/index.js';
import { VERSION } from '../version.js';
import { makeContext, type CommandContext } from './context.js';
import { colorEnabled, type CliIO } from './io.js';
import { reportError } from './report.js';
import { EXIT } from './exit-codes.js';
import { registerValidate } from './commands/validate.js';
import { registerPlan } from './commands/plan.js';
import { registerShow } from './commands/show.js';
import { registerApply } from './commands/apply.js';
import { registerDrift } from './commands/drift.js';
import { registerWatch } from './commands/watch.js';
import { registerImport } from './commands/import.js';
import { registerEmulator } from './commands/emulator.js';
import { registerDemo } from './commands/demo.js';
import { registerSchema } from './commands/schema.js';

/**
 * Command files only declare flags; each action loads its implementation with a dynamic import,
 * so `vpcform --help` starts fast and ink/react load only when a TTY view is drawn.
 */
const COMMANDS: ReadonlyArray<(program: Command, ctx: CommandContext) => void> = [
  registerValidate,
  registerPlan,
  registerShow,
  registerApply,
  registerDrift,
  registerWatch,
  registerImport,
  registerEmulator,
  registerDemo,
  registerSchema,
];

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('vpcform')
    .description('Keep Huawei Cloud / Open Telekom Cloud VPCs in line with a YAML file kept in git.')
    .version(VERSION, '-V, --version')
    .option('--json', 'machine-readable output on stdout (nothing else there)')
    .option('--no-color', 'no ANSI colors (NO_COLOR is honoured too)')
    .option('--debug', 'HTTP trace and stacks on stderr (secrets redacted)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  for (const register of COMMANDS) register(program, ctx);
  for (const sub of program.commands) {
    sub.exitOverride().showHelpAfterError('(run with --help for usage)').configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  }
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. Never throws. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.OK;
  const ctx = makeContext(
    io,
    (code) => {
      exitCode = code;
    },
    run,
  );
  const program = buildProgram(ctx);
  const wantsJson = argv.includes('--json');
  const debug = argv.includes('--debug') || io.env['VPCFORM_DEBUG'] === '1';
  const color = colorEnabled(io, argv.includes('--no-color') ? false : undefined, io.stderrIsTTY);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ERROR;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end with code 0; usage errors were already explained by commander.
      return err.exitCode === 0 ? EXIT.OK : EXIT.ERROR;
    }
    if (io.signal.aborted && !(err instanceof VpcformError)) {
      return reportError(new VpcformError('INTERRUPTED', { summary: 'Interrupted' }), io, { json: wantsJson, color, debug });
    }
    return reportError(err, io, { json: wantsJson, color, debug });
  }
}
