import type { CliIO } from '../cli/io.js';
import { writeLine } from '../cli/io.js';
import { startEmulator, type RunningEmulator } from './index.js';
import type { EmulatorOptions } from './types.js';

export interface ShownCredentials {
  accessKey: string | undefined;
  securityToken: boolean;
}

/**
 * `vpcform emulator`: start, print where it listens and the environment a client needs (never a
 * secret: placeholders stand for them), then run until Ctrl-C / SIGTERM.
 */
export async function runEmulatorCommand(io: CliIO, options: EmulatorOptions, shown: ShownCredentials): Promise<number> {
  const emulator = await startEmulator(options);
  // The first stdout line is a contract: scripts wait for it and read the URL from it.
  writeLine(io.stdout, `vpcform emulator listening on ${emulator.url}`);
  for (const line of environmentLines(emulator, shown)) writeLine(io.stdout, line);
  const vpcs = emulator.vpcs().length;
  writeLine(io.stderr, `${vpcs} VPC${vpcs === 1 ? '' : 's'}, ${emulator.subnets().length} subnets; project ${emulator.projectId}`);
  if (options.statePath !== undefined) writeLine(io.stderr, `state is kept in ${options.statePath}`);
  writeLine(io.stderr, 'Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.stop();
  writeLine(io.stderr, 'vpcform emulator stopped');
  return 0;
}

function environmentLines(emulator: RunningEmulator, shown: ShownCredentials): string[] {
  const lines = [
    `export VPCFORM_ENDPOINT=${emulator.url}`,
    `export HW_PROJECT_ID=${emulator.projectId}`,
  ];
  if (!emulator.authEnabled) {
    lines.push('# authentication is off (no credentials or users configured): any request is accepted');
    return lines;
  }
  if (shown.accessKey !== undefined) {
    lines.push(`export HW_ACCESS_KEY=${shown.accessKey}`);
    lines.push("export HW_SECRET_KEY='<the key you passed>'");
    if (shown.securityToken) lines.push("export HW_SECURITY_TOKEN='<the token you passed>'");
  } else {
    lines.push('# authentication is on: use a credential or a user from the seed file');
    lines.push("export HW_ACCESS_KEY='<access_key from the seed>' HW_SECRET_KEY='<secret_key from the seed>'");
  }
  lines.push(`# or password auth: export OS_AUTH_URL=${emulator.url}/v3 OS_USERNAME=… OS_PASSWORD=… OS_DOMAIN_NAME=…`);
  return lines;
}
