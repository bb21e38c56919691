import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform import` replaces this file.
export function registerImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform import` is not built yet' });
      }),
    );
}
