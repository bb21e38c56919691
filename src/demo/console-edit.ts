import { VpcformError } from '../errors/index.js';

/**
 * "Someone in the console": a change made behind git's back, by a plain HTTP PUT to the emulator —
 * the same request the web console sends — not through vpcform.
 */
export interface ConsoleEdit {
  vpcId: string;
  body: { name: string; description?: string; routes?: Array<{ destination: string; nexthop: string }> };
}

export async function editInConsole(baseUrl: string, projectId: string, edit: ConsoleEdit, signal?: AbortSignal): Promise<void> {
  const url = `${baseUrl}/v1/${projectId}/vpcs/${edit.vpcId}`;
  const res = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vpc: edit.body }),
    ...(signal !== undefined && { signal }),
  });
  if (!res.ok) {
    throw new VpcformError('DEMO_FAILED', {
      summary: `The console edit was refused: HTTP ${res.status}`,
      detail: (await res.text()).slice(0, 500),
      hint: 'This is a bug in the demo or the emulator; please report it with the output of --debug.',
    });
  }
  await waitUntilSettled(url, signal);
}

/** The console's change takes a moment (PENDING_UPDATE); vpcform's own apply waits the same way. */
async function waitUntilSettled(url: string, signal?: AbortSignal): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const res = await fetch(url, signal === undefined ? {} : { signal });
    const body = (await res.json()) as { vpc?: { status?: string } };
    if (body.vpc?.status !== 'PENDING_UPDATE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new VpcformError('DEMO_FAILED', { summary: 'The edited VPC stayed PENDING_UPDATE', hint: 'Run the demo again with a shorter --update-delay.' });
}
