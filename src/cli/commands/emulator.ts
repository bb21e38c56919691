import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

// Placeholder registration: the issue that builds `vpcform emulator` replaces this file.
export function registerEmulator(program: Command, ctx: CommandContext): void {
  program
    .command('emulator')
    .description('(not built yet)')
    .action(
      action(ctx, async () => {
        throw new VpcformError('USAGE', { summary: '`vpcform emulator` is not built yet' });
      }),
    );
}
