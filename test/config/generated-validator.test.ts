import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without types
import { generate, TARGETS } from '../../scripts/generate-validators.mjs';

describe('precompiled schema validators', () => {
  for (const t of TARGETS as Array<{ schema: string; out: string }>) {
    it(`${t.out} is up to date with ${t.schema}`, () => {
      const url = new URL(`../../${t.out}`, import.meta.url);
      const fresh = (generate as (schema: string) => string)(t.schema);
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(url, fresh);
      expect(readFileSync(url, 'utf8'), 'run `node scripts/generate-validators.mjs`').toBe(fresh);
    });
  }
});
