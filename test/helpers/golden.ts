import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * Golden files write themselves only when asked: `UPDATE_GOLDEN=1`. A missing golden fails, on a
 * developer's machine as in CI (a run that writes what it then compares proves nothing), and a
 * fixture folder without its input fails instead of being skipped.
 */
export function updatingGoldens(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['UPDATE_GOLDEN'] === '1';
}

/** Compares `actual` with the golden file at `path`; writes it first only with `UPDATE_GOLDEN=1`. */
export function expectGolden(path: string, actual: string, env: NodeJS.ProcessEnv = process.env): void {
  if (updatingGoldens(env)) writeFileSync(path, actual);
  if (!existsSync(path)) {
    throw new Error(`The golden file ${path} is missing. Write it with UPDATE_GOLDEN=1 npx vitest run <this test file>, then review it before committing.`);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

export interface GoldenCase {
  name: string;
  dir: string;
  /** The input file's name in `dir`. */
  input: string;
}

/**
 * The case folders of a golden loop (sorted), each with the name of its input file. A folder whose
 * input is missing throws, naming it: the loop's test for it fails rather than silently skipping.
 */
export function goldenCases(root: string, findInput: (files: string[]) => string | undefined): Array<{ name: string; dir: string; input: () => GoldenCase }> {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      return {
        name,
        dir,
        input: () => {
          const input = findInput(readdirSync(dir));
          if (input === undefined) throw new Error(`The fixture folder ${dir} has no input file: add it, or remove the folder.`);
          return { name, dir, input };
        },
      };
    });
}
