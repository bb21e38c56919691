import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, goldenCases } from './golden.js';

const temp = () => mkdtempSync(join(tmpdir(), 'vpcform-golden-'));

describe('golden files', () => {
  it('a missing golden fails and is not written, whatever CI says', () => {
    for (const env of [{}, { CI: 'true' }, { CI: '' }, { CI: '0' }, { UPDATE_GOLDEN: '0' }, { UPDATE_GOLDEN: 'true' }]) {
      const path = join(temp(), 'expected.txt');
      expect(() => expectGolden(path, 'output', env), JSON.stringify(env)).toThrow(/golden file .* is missing.*UPDATE_GOLDEN=1/);
      expect(existsSync(path), `written with ${JSON.stringify(env)}`).toBe(false);
    }
  });

  it('a golden that differs fails and is left as it was', () => {
    const path = join(temp(), 'expected.txt');
    writeFileSync(path, 'reviewed');
    expect(() => expectGolden(path, 'changed', {})).toThrow();
    expect(readFileSync(path, 'utf8')).toBe('reviewed');
    expect(() => expectGolden(path, 'reviewed', {})).not.toThrow();
  });

  it('UPDATE_GOLDEN=1 writes it (a new case, a reviewed change)', () => {
    const path = join(temp(), 'expected.txt');
    expectGolden(path, 'new output', { UPDATE_GOLDEN: '1' });
    expect(readFileSync(path, 'utf8')).toBe('new output');
  });

  it('a fixture folder without its input fails, naming the folder; files beside the folders are not cases', () => {
    const root = temp();
    for (const [name, files] of [['a-case', ['input.yaml', 'expected.txt']], ['no-input', ['expected.txt']]] as const) {
      mkdirSync(join(root, name));
      for (const f of files) writeFileSync(join(root, name, f), '');
    }
    writeFileSync(join(root, 'helper.mjs'), '');
    const cases = goldenCases(root, (files) => files.find((f) => f.startsWith('input.')));
    expect(cases.map((c) => c.name)).toEqual(['a-case', 'no-input']);
    expect(cases[0]!.input()).toMatchObject({ name: 'a-case', input: 'input.yaml' });
    expect(() => cases[1]!.input()).toThrow(/no-input has no input file/);
  });
});
