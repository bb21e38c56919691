import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const BAD = 'test/fixtures/config/every-rule/input.yaml';

describe('vpcform validate', () => {
  it('passes on examples/ and says so on stdout', async () => {
    const r = await runCli(['validate', 'examples/']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok: 2 files valid, 7 VPCs\n');
    expect(r.stderr).toContain('note: skipped examples/emulator-seed.yaml');
  });

  it('accepts -f as well as positional paths', async () => {
    const r = await runCli(['validate', '-f', 'examples/vpcs.yaml', 'examples/huaweicloud.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok: 2 files valid, 7 VPCs\n');
  });

  it('pinpoints problems on stderr and exits 1', async () => {
    const r = await runCli(['validate', BAD]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${BAD}:11:11: error CONFIG_CIDR_ALIGN: "192.168.1.0/16" has host bits set`);
    expect(r.stderr).toMatch(/invalid: 15 errors in 1 of 1 file\n$/);
  });

  it('--json prints one object on stdout and nothing on stderr', async () => {
    const r = await runCli(['validate', '--json', BAD, 'examples/vpcs.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const body = JSON.parse(r.stdout) as { valid: boolean; summary: { errors: number; files: number }; diagnostics: Array<{ code: string; location: { line: number } }>; states: Array<{ file: string; sha256: string }> };
    expect(body.valid).toBe(false);
    expect(body.summary).toMatchObject({ errors: 15, files: 2 });
    expect(body.diagnostics[0]).toMatchObject({ code: 'CONFIG_PROJECT_ID', location: { file: BAD, line: 5, col: 15 }, path: 'target.project_id' });
    expect(body.states.map((s) => s.file)).toEqual(['examples/vpcs.yaml']);
  });

  it('--json on valid input', async () => {
    const r = await runCli(['validate', 'examples', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { valid: boolean; skipped: unknown[]; diagnostics: unknown[] };
    expect(body).toMatchObject({ valid: true, diagnostics: [] });
    expect(body.skipped).toHaveLength(1);
  });

  it('explains a missing argument', async () => {
    const r = await runCli(['validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('vpcform validate needs at least one file or directory');
    expect(r.stderr).toContain('hint:');
  });

  it('colors on a TTY, not with NO_COLOR or --no-color', async () => {
    const colored = await runCli(['validate', BAD], { tty: true, env: { NO_COLOR: undefined } });
    expect(colored.stderr).toContain('\u001b[31m');
    const plain = await runCli(['validate', BAD], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stderr).not.toContain('\u001b[');
    const flag = await runCli(['validate', '--no-color', BAD], { tty: true, env: { NO_COLOR: undefined } });
    expect(flag.stderr).not.toContain('\u001b[');
  });
});

describe('vpcform schema', () => {
  it('prints the committed schema file', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync('schemas/vpcform.schema.json', 'utf8'));
  });

  it('is a schema the examples satisfy and a broken file does not', async () => {
    const schema = JSON.parse((await runCli(['schema'])).stdout) as Record<string, unknown>;
    const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
    for (const file of ['examples/vpcs.yaml', 'examples/huaweicloud.yaml']) {
      expect(validate(parse(readFileSync(file, 'utf8'))), file).toBe(true);
    }
    expect(validate(parse(readFileSync(BAD, 'utf8')))).toBe(false);
  });
});
