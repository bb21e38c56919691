import type { Command } from 'commander';
import type { RunImportFlags as ImportFlags } from '../import/run-import.js';
import { action, collect, type CommandContext } from '../context.js';

export function registerImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('write desired-state YAML from the live VPCs (all, or --id/--name selections)')
    .option('--id <id>', 'import this VPC (repeatable)', collect)
    .option('--name <name>', 'import the VPC(s) of this name (repeatable)', collect)
    .option('-o, --output <file>', 'write to FILE (atomically) instead of stdout')
    .option('--force', 'overwrite FILE when it exists')
    .option('--endpoint <url>', 'VPC endpoint (the emulator, a private endpoint); written to the file')
    .option('--cloud <cloud>', 'otc or huaweicloud (default otc)')
    .option('--region <region>', 'region, e.g. eu-de (else HW_REGION_NAME / OS_REGION_NAME)')
    .option('--project-id <id>', 'project id (else HW_PROJECT_ID / OS_PROJECT_ID)')
    .addHelpText(
      'after',
      '\nExamples:\n  vpcform import --region eu-de -o vpcs.yaml\n  vpcform import --name vpc1 --name vpc2 --region eu-de --project-id 0123… > vpcs.yaml',
    )
    .action(
      action(ctx, async (flags: ImportFlags, command: Command) => {
        const { runImport } = await import('../import/run-import.js');
        return runImport(flags, ctx.io, ctx.globals(command));
      }),
    );
}
