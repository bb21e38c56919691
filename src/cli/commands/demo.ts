import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

const DEFAULT_UPDATE_DELAY_MS = 1000;

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('the whole story on an embedded emulator: validate, plan, apply, drift, heal (no credentials, no network)')
    .option('--update-delay <ms>', 'how long a VPC stays PENDING_UPDATE after a PUT', String(DEFAULT_UPDATE_DELAY_MS))
    .action(
      action(ctx, async (flags: { updateDelay: string }, command: Command) => {
        const updateDelayMs = Number(flags.updateDelay);
        if (!Number.isInteger(updateDelayMs) || updateDelayMs < 0 || updateDelayMs > 60_000) {
          throw new VpcformError('USAGE', { summary: `--update-delay must be an integer from 0 to 60000, not "${flags.updateDelay}"`, hint: 'Example: --update-delay 500' });
        }
        const { runDemo } = await import('../../demo/run-demo.js');
        return runDemo(ctx.io, { updateDelayMs, colorFlag: command.optsWithGlobals<{ color?: boolean }>().color, run: ctx.run });
      }),
    );
}
