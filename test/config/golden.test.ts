import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * One loop over test/fixtures/config/<case>/: `vpcform validate input.*` run in the case directory,
 * compared with expected.txt (exit code, stdout, stderr). `UPDATE_GOLDEN=1` rewrites the files.
 */
const ROOT = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

describe('validate golden output', () => {
  for (const name of readdirSync(ROOT).sort()) {
    const dir = join(ROOT, name);
    const input = readdirSync(dir).find((f) => f.startsWith('input.'));
    if (input === undefined) continue;
    it(name, async () => {
      const r = await runCli(['validate', input], { cwd: dir });
      const actual = `exit: ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
      const expectedFile = join(dir, 'expected.txt');
      // A new case writes its golden on a developer's machine (review it!); in CI a missing one fails.
      if (UPDATE || (!existsSync(expectedFile) && !process.env['CI'])) writeFileSync(expectedFile, actual);
      expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
      expect(r.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/); // never a stack trace
    });
  }
});
