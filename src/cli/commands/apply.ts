import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform apply` replaces this file.
export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform apply` is not built yet' });
      }),
    );
}
