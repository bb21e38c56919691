import type { Command } from 'commander';
import { action, type CommandContext } from '../context.js';
import type { ShowFlags } from '../plan-output.js';

export function registerShow(program: Command, ctx: CommandContext): void {
  program
    .command('show')
    .description('render a saved plan as text, JSON (--json) or markdown (--markdown)')
    .argument('<plan>', 'a plan file written by `vpcform plan --out`')
    .option('--markdown', 'markdown on stdout, for pull-request comments')
    .addHelpText('after', '\nExamples:\n  vpcform show plan.json\n  vpcform show plan.json --markdown > comment.md')
    .action(
      action(ctx, async (file: string, flags: ShowFlags, command: Command) => {
        const { runShow } = await import('../plan-output.js');
        return runShow(file, flags, ctx.io, ctx.globals(command));
      }),
    );
}
