import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform validate` replaces this file.
export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform validate` is not built yet' });
      }),
    );
}
