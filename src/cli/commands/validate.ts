import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, collect, type CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

interface ValidateFlags {
  file?: string[];
}

/**
 * `vpcform validate FILE|DIR...`: offline checks of desired-state files, every diagnostic at once.
 * Human mode: diagnostics and the failure summary on stderr, the success line on stdout.
 * `--json`: one JSON object on stdout, nothing on stderr. Exit 0 valid, 1 invalid.
 */
export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('check desired-state files offline: schema and API rules, every problem at once (exit 0 valid, 1 invalid)')
    .argument('[paths...]', 'desired-state files or directories (*.yaml, *.yml, *.json; directories are not searched recursively)')
    .option('-f, --file <path>', 'a desired-state file or directory (repeatable; same as a positional path)', collect)
    .addHelpText(
      'after',
      '\nExamples:\n  vpcform validate examples/vpcs.yaml\n  vpcform validate infra/ more.yaml\n  vpcform validate infra/ --json | jq .diagnostics',
    )
    .action(
      action(ctx, async (positional: string[], flags: ValidateFlags, command: Command) => {
        const paths = [...positional, ...(flags.file ?? [])];
        if (paths.length === 0) {
          throw new VpcformError('USAGE', {
            summary: 'vpcform validate needs at least one file or directory',
            hint: 'Run `vpcform validate vpcs.yaml` or `vpcform validate infra/`.',
          });
        }
        const globals = ctx.globals(command);
        const [{ loadDesired }, { renderValidation }, { paint }] = await Promise.all([
          import('../../io/read-desired.js'),
          import('../../render/diagnostics.js'),
          import('../../render/paint.js'),
        ]);
        const result = await loadDesired(paths, { cwd: ctx.io.cwd });
        const report = renderValidation(result, { json: globals.json, painter: paint(globals.color) });
        if (report.stderr !== '') ctx.io.stderr.write(report.stderr);
        if (report.stdout !== '') ctx.io.stdout.write(report.stdout);
        return report.valid ? EXIT.OK : EXIT.ERROR;
      }),
    );
}
