import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runInPty } from './pty.js';

const PUT = 'PUT /v1/{project_id}/vpcs/{vpc_id}';
const ids = [0, 1, 2].map((i) => `${String(i).padStart(8, '0')}-7777-4777-8777-777777777777`);

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function setup(updateDelayMs: number): Promise<{ dir: string; env: Record<string, string> }> {
  emu = await startEmulator({ port: 0, updateDelayMs, seed: { vpcs: ids.map((id, i) => ({ id, name: `vpc-${i}`, cidr: '10.0.0.0/16' })) } });
  const dir = mkdtempSync(join(tmpdir(), 'vpcform-tty-'));
  const lines = ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${emu.projectId}`, 'vpcs:'];
  ids.forEach((id, i) => lines.push(`  v${i}:`, `    id: ${id}`, `    description: tty ${i}`));
  writeFileSync(join(dir, 'vpcs.yaml'), `${lines.join('\n')}\n`);
  return { dir, env: { VPCFORM_ENDPOINT: emu.url } };
}

describe('on a real terminal', () => {
  it('plan draws the ink view', async () => {
    const { dir, env } = await setup(100);
    const term = runInPty(['plan', '-f', 'vpcs.yaml'], env, dir);
    expect(await term.exited).toBe(0);
    expect(term.screen()).toMatch(/Refreshing…|Reading/); // the ink spinner's label: plain output has none
    expect(term.screen()).toMatch(/~ vpcs\.v0/);
    expect(term.screen()).toMatch(/0 to create, 3 to update, 0 to delete, 0 errors/);
  });

  it('apply asks, takes "yes" typed in one chunk, shows live progress and applies', async () => {
    const { dir, env } = await setup(300);
    const term = runInPty(['apply', '-f', 'vpcs.yaml'], env, dir);
    await term.waitFor(/Enter a value:/);
    expect(emu!.stats().routes[PUT] ?? 0).toBe(0);
    term.type('yes\r');
    expect(await term.exited).toBe(0);
    expect(term.screen()).toMatch(/Resources: 3 updated, 0 unchanged, 0 failed/);
    expect(emu!.stats().routes[PUT]).toBe(3);
  });

  it('apply takes y, e, s, Enter typed as separate keys faster than the prompt redraws, every time', async () => {
    const { dir, env } = await setup(0);
    // Gaps in ms before e, s and Enter: 0 writes back to back (the terminal may deliver them in one
    // read or several), 1-2 ms lands between reads but before React has redrawn and re-subscribed.
    const gaps = [
      [0, 0, 0],
      [1, 1, 1],
      [0, 1, 0],
      [2, 0, 1],
      [1, 0, 0],
      [0, 0, 2],
    ];
    // Each run changes one VPC of its own; three terminals at a time (a busy machine only makes keys
    // outrun the redraws more often).
    const typeYes = async (run: number, pauses: number[]): Promise<void> => {
      const id = ids[run % ids.length]!;
      const file = `fast-${run}.yaml`;
      const lines = ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${emu!.projectId}`, 'vpcs:', '  v:', `    id: ${id}`, `    description: fast ${run}`];
      writeFileSync(join(dir, file), `${lines.join('\n')}\n`);
      const term = runInPty(['apply', '-f', file], env, dir);
      await term.waitFor(/Enter a value:/);
      for (const [i, key] of ['y', 'e', 's', '\r'].entries()) {
        const pause = i === 0 ? 0 : (pauses[i - 1] ?? 0);
        if (pause > 0) await new Promise((r) => setTimeout(r, pause));
        term.type(key);
      }
      const code = await term.exited;
      const context = `run ${run} (gaps ${pauses.join(', ')} ms):\n${term.screen().slice(-1500)}`;
      expect(term.screen(), context).not.toMatch(/APPLY_NOT_APPROVED|cancelled/i);
      expect(code, context).toBe(0);
      expect(term.screen(), context).toMatch(/Resources: 1 updated, 0 unchanged, 0 failed/);
      expect(emu!.vpc(id)?.description, context).toBe(`fast ${run}`);
    };
    for (let first = 0; first < gaps.length; first += ids.length) {
      await Promise.all(gaps.slice(first, first + ids.length).map((pauses, i) => typeYes(first + i, pauses)));
    }
    expect(emu!.stats().routes[PUT]).toBe(gaps.length);
  });

  it('apply sends nothing when the answer is not yes', async () => {
    const { dir, env } = await setup(100);
    const term = runInPty(['apply', '-f', 'vpcs.yaml'], env, dir);
    await term.waitFor(/Enter a value:/);
    term.type('no\r');
    expect(await term.exited).toBe(1);
    expect(term.screen()).toMatch(/APPLY_NOT_APPROVED/);
    expect(emu!.stats().routes[PUT] ?? 0).toBe(0);
  });

  it('Ctrl-C during apply starts nothing new, settles what is in flight, exits 130', async () => {
    const { dir, env } = await setup(1500);
    const term = runInPty(['apply', '-f', 'vpcs.yaml', '--auto-approve', '--parallelism', '1'], env, dir);
    await term.waitFor(/PENDING_UPDATE/);
    term.type('\u0003');
    expect(await term.exited).toBe(130);
    expect(term.screen()).toMatch(/1 updated, 0 unchanged, 0 failed, 2 not started/);
    expect(emu!.stats().routes[PUT]).toBe(1);
  });
});
