import type { Command } from 'commander';
import { action, type CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

/** `vpcform schema`: the desired-state JSON Schema on stdout (the same text as schemas/vpcform.schema.json). */
export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .description('print the desired-state JSON Schema (2020-12) on stdout')
    .addHelpText('after', '\nExample:\n  vpcform schema > vpcform.schema.json')
    .action(
      action(ctx, async () => {
        const { schemaJson } = await import('../../config/schema.js');
        ctx.io.stdout.write(schemaJson());
        return EXIT.OK;
      }),
    );
}
