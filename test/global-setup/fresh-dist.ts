import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** When the global setup found dist/ fresh (or built it): sources edited later are not its concern. */
    distCheckedAt: number;
  }
}

/**
 * Tests that spawn `bin/vpcform.js` run `dist/`, not `src/`. After an edit of `src/` without
 * `npm run build` (say `npm run test:unit`), they would silently test the old code. This global
 * setup builds first when any output is missing or older than its source, and refuses to run the
 * suite if the build could not bring `dist/` up to date. Up to date, it costs a few hundred stats.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Inputs of the build that are not sources: a change of either can change every output. */
const BUILD_CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Sources (relative to `root`) whose `dist/` output is missing or older than the source or the build
 * config; with `editedBefore`, only sources last changed before that time (epoch ms).
 */
export function staleOutputs(root: string, editedBefore = Infinity): string[] {
  const configTime = Math.max(0, ...BUILD_CONFIGS.map((f) => join(root, f)).filter(existsSync).map((f) => statSync(f).mtimeMs));
  return sourcesUnder(join(root, 'src'))
    .map((source) => relative(join(root, 'src'), source))
    .filter((rel) => {
      const edited = statSync(join(root, 'src', rel)).mtimeMs;
      if (edited >= editedBefore) return false;
      const output = join(root, 'dist', rel.replace(/\.tsx?$/, '.js'));
      if (!existsSync(output)) return true;
      const built = statSync(output).mtimeMs;
      return built < edited || built < configTime;
    });
}

/** Builds `dist/` when it is stale; throws a clear error when it is still stale afterwards. */
export function ensureFreshDist(root: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): 'fresh' | 'built' {
  const stale = staleOutputs(root);
  if (stale.length === 0) return 'fresh';
  log(`vitest: dist/ is older than src/ (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? `, … ${stale.length} files` : ''}): building it first.`);
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const buildStartedAt = Date.now();
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  const output = `${build.stdout ?? ''}${build.stderr ?? ''}${build.error === undefined ? '' : String(build.error)}`.trim();
  // A source saved while tsc ran (another editor at work) may be newer than its output: not stale for this run.
  const still = staleOutputs(root, buildStartedAt);
  if (still.length > 0) {
    throw new Error(
      `dist/ is older than src/ and the build did not bring it up to date (${still.slice(0, 5).join(', ')}); ` +
        `tests that run bin/vpcform.js would run old code. Fix the build (npm run build), then run the tests again.\n${output}`,
    );
  }
  // tsc still writes the JavaScript when it finds type errors: dist/ now holds the current src/.
  if (build.status !== 0) log(`vitest: dist/ rebuilt from the current src/, but tsc reported errors (npm run typecheck shows them):\n${output}`);
  return 'built';
}

export default function setup(project: TestProject): void {
  const checkedAt = Date.now();
  ensureFreshDist(ROOT);
  project.provide('distCheckedAt', checkedAt);
}
