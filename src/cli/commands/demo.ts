import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform demo` replaces this file.
export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform demo` is not built yet' });
      }),
    );
}
