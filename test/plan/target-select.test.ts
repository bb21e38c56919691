import { describe, expect, it } from 'vitest';
import { narrowState, selectTargets, targetAddress } from '../../src/config/targets.js';
import type { DesiredState, DesiredVpc } from '../../src/config/types.js';
import { isVpcformError, type VpcformError } from '../../src/errors/index.js';

/** `--target`, the pure part: address forms, the unknown-address error, which files and entries are kept. */
const state = (file: string, keys: string[]): DesiredState => ({
  file,
  sha256: '0'.repeat(64),
  version: 1,
  target: { cloud: 'otc', region: 'eu-de' },
  vpcs: keys.map((key): DesiredVpc => ({ key, address: `vpcs.${key}`, ensure: 'present', name: `vpc-${key}` })),
  sourceMap: {},
});

function thrown(fn: () => unknown): VpcformError {
  try {
    fn();
  } catch (err) {
    if (isVpcformError(err)) return err;
    throw err;
  }
  throw new Error('expected a VpcformError');
}

describe('targetAddress', () => {
  it('takes vpcs.<key> and the bare <key>, and always answers the full address', () => {
    expect(targetAddress('vpcs.web')).toBe('vpcs.web');
    expect(targetAddress('web')).toBe('vpcs.web');
    expect(targetAddress(' web_tier-2 ')).toBe('vpcs.web_tier-2');
    // A key named `vpcs` is `vpcs.vpcs`; keys never hold a dot, so neither form is ambiguous.
    expect(targetAddress('vpcs')).toBe('vpcs.vpcs');
  });

  it('refuses what is not one VPC, and points a field path at its VPC', () => {
    const field = thrown(() => targetAddress('vpcs.web.cidr'));
    expect(field.code).toBe('USAGE');
    expect(field.summary).toBe('--target "vpcs.web.cidr" is not a VPC address');
    expect(field.hint).toBe('--target picks whole VPCs: --target vpcs.web');
    for (const bad of ['', 'vpcs.', 'subnets.x y', '9web', 'vpcs.*']) expect(thrown(() => targetAddress(bad)).code).toBe('USAGE');
  });
});

describe('selectTargets', () => {
  const a = state('a.yaml', ['web', 'db', 'cache']);
  const b = state('b.yaml', ['web', 'batch']);

  it('keeps the files holding a target, each with its targets in file order', () => {
    const picked = selectTargets([a, b], ['cache', 'vpcs.web', 'web']);
    expect(picked.map((p) => [p.state.file, p.targets])).toEqual([
      ['a.yaml', ['vpcs.web', 'vpcs.cache']],
      ['b.yaml', ['vpcs.web']],
    ]);
    expect(selectTargets([a, b], ['batch']).map((p) => p.state.file)).toEqual(['b.yaml']);
  });

  it('refuses an unknown address by name, with a did-you-mean for a slip', () => {
    const err = thrown(() => selectTargets([a, b], ['vpcs.wbe']));
    expect(err.code).toBe('TARGET_UNKNOWN');
    expect(err.summary).toBe('--target vpcs.wbe names no VPC in a.yaml, b.yaml; did you mean vpcs.web?');
    expect(err.hint).toBe('The files declare vpcs.web, vpcs.db, vpcs.cache, vpcs.batch.');
  });

  it('lists the addresses the files do have when nothing is close, and names every unknown one', () => {
    const far = thrown(() => selectTargets([a], ['frontend']));
    expect(far.summary).toBe('--target vpcs.frontend names no VPC in a.yaml');
    expect(far.hint).toBe('The files declare vpcs.web, vpcs.db, vpcs.cache.');
    const several = thrown(() => selectTargets([a], ['web', 'dbb', 'frontend']));
    expect(several.summary).toBe('--target names 2 VPCs that are not in a.yaml: vpcs.dbb, vpcs.frontend');
    expect(several.detail).toBe('vpcs.dbb: no such VPC; did you mean vpcs.db?\nvpcs.frontend: no such VPC');
  });
});

describe('narrowState', () => {
  it('keeps the given entries in file order, and the file\'s path and hash', () => {
    const a = state('a.yaml', ['web', 'db', 'cache']);
    const narrowed = narrowState(a, new Set(['vpcs.cache', 'vpcs.web']));
    expect(narrowed.vpcs.map((v) => v.address)).toEqual(['vpcs.web', 'vpcs.cache']);
    expect(narrowed.file).toBe('a.yaml');
    expect(narrowed.sha256).toBe(a.sha256);
    expect(a.vpcs).toHaveLength(3);
  });
});
