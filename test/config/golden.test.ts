import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expectGolden, goldenCases } from '../helpers/golden.js';

/**
 * One loop over test/fixtures/config/<case>/: `vpcform validate input.*` run in the case directory,
 * compared with expected.txt (exit code, stdout, stderr). `UPDATE_GOLDEN=1` rewrites the files; a
 * missing expected.txt or input fails otherwise (test/helpers/golden.ts).
 */
const ROOT = fileURLToPath(new URL('../fixtures/config/', import.meta.url));

describe('validate golden output', () => {
  for (const fixture of goldenCases(ROOT, (files) => files.find((f) => f.startsWith('input.')))) {
    it(fixture.name, async () => {
      const { dir, input } = fixture.input();
      const r = await runCli(['validate', input], { cwd: dir });
      const actual = `exit: ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
      expectGolden(join(dir, 'expected.txt'), actual);
      expect(r.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/); // never a stack trace
    });
  }
});
