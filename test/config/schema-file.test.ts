import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { desiredStateSchema, schemaJson } from '../../src/config/index.js';

const FILE = 'schemas/vpcform.schema.json';

describe('schemas/vpcform.schema.json', () => {
  it('equals the schema in src/config/schema.ts (UPDATE_GOLDEN=1 rewrites it)', () => {
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(FILE, schemaJson());
    expect(readFileSync(FILE, 'utf8')).toBe(schemaJson());
  });

  it('is 2020-12 with a stable $id', () => {
    expect(desiredStateSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(desiredStateSchema.$id).toBe('https://vpcform.dev/schemas/vpcform.schema.json');
  });

  it('describes every property and closes every object', () => {
    const problems: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      if (n['type'] === 'object' && n['properties'] !== undefined && n['additionalProperties'] !== false) problems.push(`${where}: not closed`);
      const props = (n['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      for (const [key, prop] of Object.entries(props)) {
        if (typeof prop['description'] !== 'string') problems.push(`${where}.${key}: no description`);
        visit(prop, `${where}.${key}`);
      }
      for (const [key, def] of Object.entries((n['$defs'] ?? {}) as Record<string, unknown>)) visit(def, `$defs.${key}`);
    };
    visit(desiredStateSchema, '');
    expect(problems).toEqual([]);
  });

  it('the examples point editors at it', () => {
    for (const file of ['examples/vpcs.yaml', 'examples/huaweicloud.yaml']) {
      expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/vpcform.schema.json');
    }
  });
});
