import type { Command } from 'commander';
import { action, collect, type CommandContext } from '../context.js';
import type { PlanFlags } from '../plan-output.js';
import { TARGET_HELP } from './target-option.js';

export function registerPlan(program: Command, ctx: CommandContext): void {
  program
    .command('plan')
    .description('read the live VPCs, compare them with the desired state, and show what to create, update and delete (exit 0 ok, 1 error)')
    .argument('[files...]', 'desired-state files or directories (same as -f)')
    .option('-f, --file <path>', 'desired-state file or directory (repeatable)', collect)
    .option('--out <plan>', 'save the plan (JSON) for `vpcform apply PLAN` and `vpcform show PLAN`')
    .option('--markdown', 'markdown on stdout, for pull-request comments')
    .option('--detailed-exitcode', 'exit 0 = no changes, 2 = changes, 1 = error')
    .option('--target <address>', TARGET_HELP.plan, collect)
    .option('--endpoint <url>', 'VPC endpoint override (the emulator, a private endpoint)')
    .addHelpText(
      'after',
      '\nWith GITHUB_STEP_SUMMARY set, the markdown plan is appended there too.\n\nExamples:\n  vpcform plan -f vpcs.yaml\n  vpcform plan -f vpcs.yaml --out plan.json\n  vpcform plan -f infra/\n  vpcform plan -f vpcs.yaml --json | jq .summary\n  vpcform plan -f vpcs.yaml --detailed-exitcode\n  vpcform plan -f vpcs.yaml --target vpcs.web --out plan.json',
    )
    .action(
      action(ctx, async (files: string[], flags: PlanFlags, command: Command) => {
        const { runPlan } = await import('../plan-output.js');
        return runPlan({ ...flags, file: [...files, ...(flags.file ?? [])] }, ctx.io, ctx.globals(command));
      }),
    );
}
