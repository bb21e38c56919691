import type { Command } from 'commander';
import { VpcformError } from '../../errors/index.js';
import { action, type CommandContext } from '../context.js';

interface EmulatorFlags {
  host: string;
  port: string;
  seed?: string;
  state?: string;
  updateDelay?: string;
  createDelay?: string;
  deleteDelay?: string;
  vpcQuota?: string;
  latency?: string;
  rateLimit?: string;
  faultRate?: string;
  faultSeed?: string;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  allowRemote?: boolean;
  quiet?: boolean;
}

/** Reads a flag as a number within bounds, or explains what is wrong. */
function numberFlag(value: string | undefined, flag: string, min: number, max: number, integer = true): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new VpcformError('USAGE', {
      summary: `${flag} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not "${value}"`,
      hint: `Example: ${flag} ${min === 0 && max === 1 ? '0.1' : String(Math.max(min, 1))}`,
    });
  }
  return n;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

export function registerEmulator(program: Command, ctx: CommandContext): void {
  program
    .command('emulator')
    .description('run a local emulator of the VPC v1 API (the default target of the demo and the tests)')
    .option('--host <host>', 'address to listen on (loopback only unless --allow-remote)', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', '8080')
    .option('--seed <file>', 'YAML/JSON seed: project, credentials, users, VPCs, subnets')
    .option('--state <file>', 'keep state across restarts in this JSON file (written atomically); alone, it resumes that state')
    .option('--update-delay <ms>', 'how long a VPC stays PENDING_UPDATE after a PUT', '1500')
    .option('--create-delay <ms>', 'how long a created VPC stays CREATING (default 1000)')
    .option('--delete-delay <ms>', 'how long a deleted VPC shows PENDING_DELETE before it is gone (default 0)')
    .option('--vpc-quota <n>', 'VPC quota; over it POST answers 409 VPC.0114 (default: the state\'s, the seed\'s, else 150; -1 = no limit)')
    .option('--latency <ms>', 'added latency per API request')
    .option('--rate-limit <rps>', 'requests per second before 429 APIGW.0308')
    .option('--fault-rate <share>', 'share (0..1) of API requests answered 500/502/503 or reset')
    .option('--fault-seed <n>', 'seed of the fault sequence (same seed, same faults)')
    .option('--access-key <ak>', 'require AK/SK signatures with this access key')
    .option('--secret-key <sk>', 'the secret key (or set VPCFORM_EMULATOR_SECRET_KEY)')
    .option('--security-token <token>', 'make the key temporary: requests must carry this X-Security-Token')
    .option('--allow-remote', 'allow a non-loopback --host (the emulator is not hardened for networks)')
    .option('--quiet', 'do not log requests on stderr')
    .action(
      action(ctx, async (flags: EmulatorFlags) => {
        const { io } = ctx;
        if (!LOOPBACK.test(flags.host) && !flags.allowRemote) {
          throw new VpcformError('USAGE', {
            summary: `--host ${flags.host} is not a loopback address`,
            hint: 'The emulator listens on 127.0.0.1 by default; pass --allow-remote to listen elsewhere on purpose.',
          });
        }
        const secretKey = flags.secretKey ?? io.env['VPCFORM_EMULATOR_SECRET_KEY'];
        if ((flags.accessKey === undefined) !== (secretKey === undefined)) {
          throw new VpcformError('USAGE', {
            summary: '--access-key and --secret-key go together',
            hint: 'Pass both (the secret may come from VPCFORM_EMULATOR_SECRET_KEY), or neither to turn AK/SK auth off.',
          });
        }
        const port = numberFlag(flags.port, '--port', 0, 65535)!;
        const options = {
          host: flags.host,
          port,
          updateDelayMs: numberFlag(flags.updateDelay, '--update-delay', 0, 86_400_000),
          createDelayMs: numberFlag(flags.createDelay, '--create-delay', 0, 86_400_000),
          deleteDelayMs: numberFlag(flags.deleteDelay, '--delete-delay', 0, 86_400_000),
          vpcQuota: numberFlag(flags.vpcQuota, '--vpc-quota', -1, 1_000_000),
          latencyMs: numberFlag(flags.latency, '--latency', 0, 600_000),
          rateLimitRps: numberFlag(flags.rateLimit, '--rate-limit', 0, 1_000_000, false),
          faultRate: numberFlag(flags.faultRate, '--fault-rate', 0, 1, false),
          faultSeed: numberFlag(flags.faultSeed, '--fault-seed', 0, 4_294_967_295),
          ...(flags.seed !== undefined && { seed: flags.seed }),
          ...(flags.state !== undefined && { statePath: flags.state }),
          ...(flags.accessKey !== undefined &&
            secretKey !== undefined && {
              credentials: [
                { access_key: flags.accessKey, secret_key: secretKey, ...(flags.securityToken !== undefined && { security_token: flags.securityToken }) },
              ],
            }),
          ...(!flags.quiet && { log: (line: string) => io.stderr.write(`${line}\n`) }),
        };
        const { runEmulatorCommand } = await import('../../emulator/cli-run.js');
        return runEmulatorCommand(io, options, { accessKey: flags.accessKey, securityToken: flags.securityToken !== undefined });
      }),
    );
}
