import type { Command } from 'commander';
import type { ApplyFlags } from '../apply/run-apply.js';
import { action, collect, type CommandContext } from '../context.js';
import { TARGET_HELP } from './target-option.js';

export function registerApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .description('carry out a plan: DELETE, PUT or POST each VPC, wait for it, verify it (exit 0 all converged, 1 any failure, 130 interrupted)')
    .argument('[plan]', 'a plan saved by `vpcform plan --out` (applied without asking, after a staleness check)')
    .option('-f, --file <path>', 'desired-state file or directory (repeatable): plan, show, ask, apply', collect)
    .option('--auto-approve', 'skip the confirmation (needed without a terminal)')
    .option('--parallelism <n>', 'VPCs changed at once (default 40; the rate limiter sets the pace)')
    .option('--timeout <duration>', 'how long to wait for one VPC to leave PENDING_UPDATE or CREATING, or to be gone after a DELETE (default 10m)')
    .option('--target <address>', TARGET_HELP.apply, collect)
    .option('--endpoint <url>', 'VPC endpoint override (the emulator, a private endpoint)')
    .addHelpText(
      'after',
      '\nCtrl-C once: no new change starts, in-flight ones are followed, then a summary (exit 130). Twice: exit at once.\n\nExamples:\n  vpcform apply -f vpcs.yaml\n  vpcform apply -f infra/ --auto-approve --parallelism 20\n  vpcform apply -f vpcs.yaml --target vpcs.web\n  vpcform plan -f vpcs.yaml --out plan.json && vpcform apply plan.json\n  vpcform apply -f vpcs.yaml --auto-approve --json | jq -c \'select(.type=="change_failed")\'',
    )
    .action(
      action(ctx, async (plan: string | undefined, flags: Omit<ApplyFlags, 'plan'>, command: Command) => {
        const { runApply } = await import('../apply/run-apply.js');
        return runApply({ ...flags, ...(plan !== undefined && { plan }) }, ctx.io, ctx.globals(command));
      }),
    );
}
