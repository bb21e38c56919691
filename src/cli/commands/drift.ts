import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform drift` replaces this file.
export function registerDrift(program: Command, ctx: CommandContext): void {
  program
    .command('drift')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform drift` is not built yet' });
      }),
    );
}
