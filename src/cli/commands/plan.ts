import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform plan` replaces this file.
export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform plan` is not built yet' });
      }),
    );
}
