import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { VpcformError } from '../../src/errors/index.js';

const dir = () => mkdtempSync(join(tmpdir(), 'vpcform-atomic-'));

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file', async () => {
    const d = dir();
    const f = join(d, 'plan.json');
    writeFileSync(f, 'old');
    await writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(readdirSync(d)).toEqual(['plan.json']);
  });

  it('exclusive: creates a missing file, refuses an existing one and leaves it untouched', async () => {
    const d = dir();
    const f = join(d, 'vpcs.yaml');
    await writeFileAtomic(f, 'first', { exclusive: true });
    expect(readFileSync(f, 'utf8')).toBe('first');
    const err = await writeFileAtomic(f, 'second', { exclusive: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VpcformError);
    expect((err as VpcformError).code).toBe('IO_WRITE');
    expect((err as VpcformError).hint).toContain('--force');
    expect(readFileSync(f, 'utf8')).toBe('first');
    expect(readdirSync(d)).toEqual(['vpcs.yaml']);
  });

  it('exclusive writers racing for one name: exactly one wins', async () => {
    const d = dir();
    const f = join(d, 'race.yaml');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => writeFileAtomic(f, `writer ${i}`, { exclusive: true })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(readFileSync(f, 'utf8')).toMatch(/^writer \d$/);
    expect(readdirSync(d)).toEqual(['race.yaml']);
  });

  it('a missing directory is a clear IO_WRITE error', async () => {
    const err = await writeFileAtomic(join(dir(), 'nope', 'x.json'), 'x').catch((e: unknown) => e);
    expect((err as VpcformError).code).toBe('IO_WRITE');
  });
});
