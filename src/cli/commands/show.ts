import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform show` replaces this file.
export function registerShow(program: Command, ctx: CommandContext): void {
  program
    .command('show')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform show` is not built yet' });
      }),
    );
}
