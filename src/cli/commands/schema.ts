import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform schema` replaces this file.
export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform schema` is not built yet' });
      }),
    );
}
