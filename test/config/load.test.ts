import { mkdtempSync, mkdirSync, openSync, closeSync, ftruncateSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesired } from '../../src/io/read-desired.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcform-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXAMPLE = readFileSync('examples/vpcs.yaml', 'utf8');

function write(rel: string, text: string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('loadDesired', () => {
  it('loads the examples directory, skipping the emulator seed', async () => {
    const r = await loadDesired(['examples']);
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual(['examples/huaweicloud.yaml', 'examples/vpcs.yaml']);
    expect(r.skipped?.map((s) => s.file)).toEqual(['examples/emulator-seed.yaml']);
    expect(r.states.map((s) => s.file)).toEqual(['examples/huaweicloud.yaml', 'examples/vpcs.yaml']);
  });

  it('keeps the path as given and hashes the bytes', async () => {
    write('one/vpcs.yaml', EXAMPLE);
    const r = await loadDesired(['one/vpcs.yaml'], { cwd: dir });
    expect(r.states[0]?.file).toBe('one/vpcs.yaml');
    expect(r.states[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { createHash } = await import('node:crypto');
    expect(r.states[0]?.sha256).toBe(createHash('sha256').update(EXAMPLE).digest('hex'));
  });

  it('reads *.yaml, *.yml and *.json sorted, not recursively', async () => {
    write('mixed/b.yml', 'version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs: {b: {name: b}}\n');
    write('mixed/a.json', '{"version": 1, "target": {"cloud": "otc", "region": "eu-nl"}, "vpcs": {"a": {"name": "a"}}}');
    write('mixed/c.txt', 'not yaml');
    write('mixed/sub/d.yaml', 'version: 1\n');
    const r = await loadDesired(['mixed'], { cwd: dir });
    expect(r.files).toEqual(['mixed/a.json', 'mixed/b.yml']);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports a missing path and an empty directory', async () => {
    const missing = await loadDesired(['nope.yaml'], { cwd: dir });
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['CONFIG_NOT_FOUND']);
    mkdirSync(join(dir, 'empty'), { recursive: true });
    const empty = await loadDesired(['empty'], { cwd: dir });
    expect(empty.diagnostics.map((d) => d.code)).toEqual(['CONFIG_NO_FILES']);
    write('only-seed/seed.yaml', 'project_id: x\nvpcs: []\n');
    const onlySeed = await loadDesired(['only-seed'], { cwd: dir });
    expect(onlySeed.diagnostics.map((d) => d.code)).toEqual(['CONFIG_NO_FILES']);
    expect(onlySeed.diagnostics[0]?.summary).toContain('skipped 1 that is not');
  });

  it('refuses a 50 MB file by its size without reading it', async () => {
    const path = join(dir, 'huge.yaml');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const t0 = performance.now();
    const r = await loadDesired([path]);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['CONFIG_TOO_LARGE']);
    expect(r.diagnostics[0]?.summary).toContain('50.0 MiB');
  });

  it('refuses a device file', async () => {
    const r = await loadDesired(['/dev/null']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['IO_READ']);
  });

  it('checks addresses, ids and names across files of one target', async () => {
    write('split/a.yaml', 'version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  web: {name: vpc-web}\n');
    write('split/b.yaml', 'version: 1\ntarget: {cloud: otc, region: eu-de}\nvpcs:\n  web: {name: other}\n  db: {name: vpc-web}\n');
    write('split/c.yaml', 'version: 1\ntarget: {cloud: otc, region: eu-nl}\nvpcs:\n  web: {name: vpc-web}\n');
    const r = await loadDesired(['split'], { cwd: dir });
    expect(r.diagnostics.map((d) => `${d.code} ${d.location?.file}:${d.location?.line} ${d.path}`)).toEqual([
      'CONFIG_DUPLICATE split/b.yaml:4 vpcs.web',
      'CONFIG_DUPLICATE split/b.yaml:5 vpcs.db.name',
    ]);
    expect(r.states.map((s) => s.file)).toEqual(['split/a.yaml', 'split/c.yaml']);
  });

  it('does not count a file given twice as a conflict', async () => {
    write('twice/vpcs.yaml', EXAMPLE);
    const r = await loadDesired(['twice', 'twice/vpcs.yaml'], { cwd: dir });
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual(['twice/vpcs.yaml']);
  });
});
