import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { staleOutputs } from './fresh-dist.js';

function tree(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'vpcform-fresh-dist-'));
  for (const [path, mtimeSeconds] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), mtimeSeconds, mtimeSeconds);
  }
  return root;
}

describe('the stale-build guard (vitest globalSetup)', () => {
  it('finds nothing to do when every output is newer than its source and the build config', () => {
    const root = tree({ 'tsconfig.json': 1, 'src/a.ts': 10, 'src/cli/b.tsx': 10, 'src/types.d.ts': 50, 'dist/a.js': 20, 'dist/cli/b.js': 20 });
    expect(staleOutputs(root)).toEqual([]);
  });

  it('names a source edited after the build, a source never built, and everything after a config change', () => {
    expect(staleOutputs(tree({ 'src/a.ts': 30, 'src/b.ts': 10, 'dist/a.js': 20, 'dist/b.js': 20 }))).toEqual(['a.ts']);
    expect(staleOutputs(tree({ 'src/a.ts': 10, 'src/render/new.tsx': 10, 'dist/a.js': 20 }))).toEqual([join('render', 'new.tsx')]);
    expect(staleOutputs(tree({ 'tsconfig.build.json': 30, 'src/a.ts': 10, 'dist/a.js': 20 }))).toEqual(['a.ts']);
  });

  it('ran before this suite: dist/ holds every source edited before the run started', () => {
    // Fails when the global setup is left out of vitest.config.ts and src/ was edited since the last build.
    expect(staleOutputs(fileURLToPath(new URL('../../', import.meta.url)), inject('distCheckedAt'))).toEqual([]);
  });

  it('ignores sources edited after the given time (another editor at work during the run)', () => {
    const root = tree({ 'src/a.ts': 30, 'src/b.ts': 10, 'dist/b.js': 20 });
    expect(staleOutputs(root, 25_000)).toEqual([]);
    expect(staleOutputs(root, 35_000)).toEqual(['a.ts']);
  });
});
