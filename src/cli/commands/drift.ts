import type { Command } from 'commander';
import { action, collect, type CommandContext } from '../context.js';
import { TARGET_HELP } from './target-option.js';

interface DriftFlags {
  file?: string[];
  markdown?: boolean;
  allFields?: boolean;
  endpoint?: string;
  target?: string[];
}

export function registerDrift(program: Command, ctx: CommandContext): void {
  program
    .command('drift')
    .description('report where the live VPCs differ from the desired state (exit 0 in sync, 2 drift, 1 error)')
    .argument('[files...]', 'desired-state files or directories (same as -f)')
    .option('-f, --file <path>', 'desired-state file or directory (repeatable)', collect)
    .option('--markdown', 'markdown report on stdout, for issues and PR comments')
    .option('--all-fields', 'also report fields the file leaves alone (strict mode)')
    .option('--target <address>', TARGET_HELP.drift, collect)
    .option('--endpoint <url>', 'VPC endpoint override (the emulator, a private endpoint)')
    .addHelpText('after', '\nWith GITHUB_STEP_SUMMARY set, the markdown report is appended there too.\n\nExamples:\n  vpcform drift -f vpcs.yaml\n  vpcform drift -f infra/ --markdown\n  vpcform drift -f vpcs.yaml --json | jq .summary\n  vpcform drift -f vpcs.yaml --target vpcs.web')
    .action(
      action(ctx, async (files: string[], flags: DriftFlags, command: Command) => {
        const { runDrift } = await import('../drift/run-drift.js');
        const raw = command.optsWithGlobals<{ color?: boolean }>();
        return runDrift({ ...flags, file: [...files, ...(flags.file ?? [])] }, ctx.io, { ...ctx.globals(command), colorFlag: raw.color });
      }),
    );
}
