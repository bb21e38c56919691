import type { Command } from 'commander';
import { action, collect, type CommandContext } from '../context.js';
import type { WatchFlags } from '../watch/run-watch.js';

export function registerWatch(program: Command, ctx: CommandContext): void {
  program
    .command('watch')
    .description('check for drift every interval and serve Prometheus metrics, /healthz and /readyz; --heal applies fixes (exit 0 on SIGTERM)')
    .argument('[files...]', 'desired-state files or directories (same as -f), re-read every cycle')
    .option('-f, --file <path>', 'desired-state file or directory (repeatable)', collect)
    .option('--interval <duration>', 'time between checks of a target, e.g. 5m, 90s (default 5m)')
    .option('--metrics-addr <host:port>', 'where /metrics, /healthz and /readyz listen (default 127.0.0.1:9464; port 0 = any free)')
    .option('--heal', 'apply what drifted (updates, creates, tags) with the apply engine; without it the watch never writes')
    .option('--heal-deletes', 'with --heal: also delete VPCs git marks ensure: absent')
    .option('--grace <duration>', 'after SIGTERM/SIGINT, how long heal writes in flight are still followed (default 10s)')
    .option('--endpoint <url>', 'VPC endpoint override (the emulator, a private endpoint)')
    .addHelpText(
      'after',
      '\nA failed check (cloud down, throttled, bad credentials) is logged, counted and retried with back-off capped at the\ninterval; an invalid edit of a file is reported and its last valid state stays watched. SIGTERM/SIGINT: exit 0.\n\nExamples:\n  vpcform watch -f vpcs.yaml\n  vpcform watch -f infra/ --interval 1m --metrics-addr 0.0.0.0:9464\n  vpcform watch -f vpcs.yaml --heal --json | jq -c \'select(.type=="drift_started")\'',
    )
    .action(
      action(ctx, async (files: string[], flags: WatchFlags, command: Command) => {
        const { runWatch } = await import('../watch/run-watch.js');
        const raw = command.optsWithGlobals<{ color?: boolean }>();
        return runWatch({ ...flags, file: [...files, ...(flags.file ?? [])] }, ctx.io, { ...ctx.globals(command), colorFlag: raw.color });
      }),
    );
}
