import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLAN_SCHEMA } from '../../src/plan/plan-schema.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../schemas/plan.schema.json', import.meta.url));

describe('schemas/plan.schema.json', () => {
  it('is the JSON text of PLAN_SCHEMA (UPDATE_GOLDEN=1 rewrites it)', () => {
    const expected = `${JSON.stringify(PLAN_SCHEMA, null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(SCHEMA_FILE, expected);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(expected);
  });
});
