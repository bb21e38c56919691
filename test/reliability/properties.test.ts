/**
 * Properties (fast-check) that complete those of test/plan and test/config (diff(x, x) and the plan
 * file round trip live there): the loader never throws and always explains a refusal, for any bytes
 * and any mutation of the example files; for random pairs of live and desired state, every PUT body
 * carries `name` or `cidr` and says exactly what the plan shows, and `apply` followed by `plan` gives
 * no changes, with no PUT to a VPC outside the plan.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDesired } from '../../src/config/index.js';
import { isVpcformError } from '../../src/errors/index.js';
import { apply, plan } from '../../src/index.js';
import { emulatorWith, putsByVpc, recordFigures, tempDir, vpcIdFor, writeDesired, type DesiredFields } from './helpers.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? '') || 1;
const figures = { loader_inputs: 0, apply_pairs: 0 };
afterAll(() => recordFigures('properties', figures));

const EXAMPLES = ['examples/vpcs.yaml', 'examples/huaweicloud.yaml', 'test/fixtures/config/valid/input.yaml', 'test/fixtures/config/every-rule/input.yaml'].map((p) =>
  readFileSync(new URL(`../../${p}`, import.meta.url)),
);

/** What the loader must do with any input: return (never throw), and explain any refusal. */
function checkLoader(bytes: Uint8Array): void {
  figures.loader_inputs += 1;
  let result: ReturnType<typeof parseDesired>;
  try {
    result = parseDesired(bytes, 'fuzz.yaml');
  } catch (err) {
    throw new Error(`parseDesired threw ${isVpcformError(err) ? `VpcformError ${err.code}` : String(err)} for ${JSON.stringify(Buffer.from(bytes).toString('utf8').slice(0, 300))}`);
  }
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(d.summary.length).toBeGreaterThan(0);
    expect(['error', 'warning']).toContain(d.severity);
  }
  if (result.state === undefined) expect(result.diagnostics.some((d) => d.severity === 'error'), 'refused without an error').toBe(true);
  else expect(result.diagnostics.some((d) => d.severity === 'error'), 'a state despite an error').toBe(false);
}

/** Mutations that keep most of a real file: flips, cuts, splices of YAML-significant text, duplicated lines. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(': ', '- ', '&a ', '*a', '!!binary ', '{', '[', '"', "'", '#', '\t', '\n  ', '<<: ', '\u0000', '\uFEFF', 'null', '~', '0x1F', '1e999', '2001:db8::/32', '__proto__: 1\n')) }),
  fc.record({ kind: fc.constant('dupline' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(source: Uint8Array, steps: Mutation[]): Uint8Array {
  let buf = Buffer.from(source);
  for (const m of steps) {
    const at = buf.length === 0 ? 0 : m.at % buf.length;
    switch (m.kind) {
      case 'flip':
        if (buf.length > 0) buf[at] = m.byte;
        break;
      case 'cut':
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.length)]);
        break;
      case 'insert':
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(m.text), buf.subarray(at)]);
        break;
      case 'dupline': {
        const start = buf.lastIndexOf(10, at) + 1;
        const end = buf.indexOf(10, at);
        const line = buf.subarray(start, end < 0 ? buf.length : end + 1);
        buf = Buffer.concat([buf.subarray(0, start), line, line, buf.subarray(start)]);
        break;
      }
    }
  }
  return buf;
}

describe('the loader never throws and always explains', () => {
  it('for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), checkLoader), { numRuns: 300 * RUNS });
  });

  it('for any text built from YAML-significant pieces', () => {
    const piece = fc.constantFrom('version: 1\n', 'target:\n', '  cloud: otc\n', '  region: eu-de\n', 'vpcs:\n', '  web:\n', '    name: a\n', '    cidr: 10.0.0.0/8\n', '    routes:\n', '      - {destination: 0.0.0.0/0, nexthop: 10.0.0.1}\n', '    id: x\n', '- ', ': ', '{', '}', '[', ']', '&x ', '*x', '? ', '|\n', '>-\n', '%YAML 1.2\n', '---\n', '...\n', '"\\u', "'", '\t', ' ', '\n');
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => checkLoader(Buffer.from(pieces.join('')))), { numRuns: 300 * RUNS });
  });

  it('for any mutation of the example files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXAMPLES), fc.array(mutation, { minLength: 1, maxLength: 6 }), (source, steps) => checkLoader(mutate(source, steps))),
      { numRuns: 400 * RUNS },
    );
  });
});

// Random live and desired states over a small pool of names and blocks, so collisions (a name
// taken, a swap, a cidr that drops a subnet) come up often.
const NAMES = ['web', 'db', 'batch', 'edge', 'ops'];
const BLOCKS = ['10.0.0.0/16', '10.0.0.0/8', '10.0.0.0/24', '192.168.0.0/16', '172.16.0.0/12', '10.1.0.0/16'];
const liveVpcArb = fc.record({
  name: fc.constantFrom(...NAMES), // the emulator's seed refuses blank names
  cidr: fc.constantFrom(...BLOCKS),
  description: fc.constantFrom('', 'old', 'web tier'),
  enable_shared_snat: fc.boolean(),
  routes: fc.constantFrom(null, [], [{ destination: '0.0.0.0/0', nexthop: '10.0.0.5' }]),
  subnet: fc.boolean(),
});
const desiredVpcArb = fc.record(
  {
    byName: fc.boolean(),
    name: fc.constantFrom(...NAMES.flatMap((n) => [`${n}0`, `${n}1`]), 'fresh-1', 'fresh-2'), // live names are these too: takes and swaps
    cidr: fc.constantFrom(...BLOCKS),
    description: fc.constantFrom('', 'new', 'web tier'),
    enable_shared_snat: fc.boolean(),
    routes: fc.constantFrom([], [{ destination: '0.0.0.0/0', nexthop: '10.0.0.5' }], [{ destination: '172.16.0.0/12', nexthop: '10.0.0.9' }]),
  },
  { requiredKeys: ['byName'] },
);

describe('apply then plan (against the emulator)', () => {
  it('every PUT body carries name or cidr and only what the plan shows; after apply, plan has no changes and only planned VPCs got a PUT', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(liveVpcArb, { minLength: 1, maxLength: 6 }), fc.array(desiredVpcArb, { minLength: 1, maxLength: 6 }), async (liveVpcs, wanted) => {
        figures.apply_pairs += 1;
        const live = liveVpcs.map((v, i) => ({ id: vpcIdFor(i), name: `${v.name}${i % 2}`, cidr: v.cidr, description: v.description, enable_shared_snat: v.enable_shared_snat, routes: v.routes === null ? null : v.routes.map((r) => ({ ...r })) }));
        const uniqueLive = live.filter((v, i) => live.findIndex((w) => w.name === v.name) === i);
        const subnets = liveVpcs
          .map((v, i) => ({ v, i }))
          .filter(({ v, i }) => v.subnet && uniqueLive.some((u) => u.id === vpcIdFor(i)))
          .map(({ i }) => ({ vpc_id: vpcIdFor(i), name: `sn-${i}`, cidr: firstSubnetOf(live[i]!.cidr) }));
        const emu = await emulatorWith({ vpcs: uniqueLive, subnets }, { updateDelayMs: 5 });
        try {
          const desired: Record<string, DesiredFields> = {};
          const usedNames = new Set<string>();
          wanted.slice(0, uniqueLive.length).forEach((w, i) => {
            const target = uniqueLive[i]!;
            const fields: DesiredFields = w.byName ? { name: target.name } : { id: target.id };
            if (!w.byName && w.name !== undefined) fields.name = w.name;
            if (w.cidr !== undefined) fields.cidr = w.cidr;
            if (w.description !== undefined) fields.description = w.description;
            if (w.enable_shared_snat !== undefined) fields.enable_shared_snat = w.enable_shared_snat;
            if (w.routes !== undefined && (fields.cidr === undefined || (w.routes.every((r) => sameBlock(r.nexthop, fields.cidr!))))) fields.routes = w.routes.map((r) => ({ ...r }));
            if (fields.name !== undefined && usedNames.has(fields.name)) return; // unique names in a file (a config rule)
            if (fields.name !== undefined) usedNames.add(fields.name);
            desired[`v${i}`] = fields;
          });
          if (Object.keys(desired).length === 0) return;
          const file = join(tempDir('prop'), 'vpcs.yaml');
          writeDesired(file, emu, desired);
          const first = (await plan({ files: [file], env: {} })).plans[0]!;
          for (const change of first.changes) {
            if (change.action !== 'update') continue;
            const body = change.request!.vpc;
            expect(body.name !== undefined || body.cidr !== undefined, JSON.stringify(change)).toBe(true);
            // The body is the reviewed change: every changed attribute, and nothing else except the name/cidr anchor.
            for (const a of change.attributes) expect((body as Record<string, unknown>)[a.path], a.path).toEqual(a.after);
            const extra = Object.keys(body).filter((k) => !change.attributes.some((a) => a.path === k));
            expect(extra.every((k) => k === 'name' || k === 'cidr'), `unreviewed fields ${extra.join(', ')}`).toBe(true);
          }
          emu.resetStats();
          const result = await apply({ plans: [first], env: {} });
          const outcomes = result.summaries[0]!.outcomes;
          const planned = new Set(first.changes.filter((c) => c.action === 'update').map((c) => c.id));
          for (const o of outcomes) {
            const change = first.changes.find((c) => c.address === o.address)!;
            if (change.action === 'update') expect(o.result, JSON.stringify({ o, change, live: uniqueLive, desired })).toBe('updated');
          }
          for (const id of putsByVpc(emu).keys()) expect(planned.has(id), `PUT to ${id}, not an update of the plan`).toBe(true);
          const second = (await plan({ files: [file], env: {} })).plans[0]!;
          // Everything applied is settled. Only a change the first plan refused may now be possible (a
          // name held by a VPC that this apply renamed away: PLAN_NAME_TAKEN asks for two steps).
          for (const c of second.changes.filter((c) => c.action === 'update')) {
            const before = first.changes.find((f) => f.address === c.address)!;
            expect(before.action, JSON.stringify({ c, before, desired, live: uniqueLive })).toBe('error');
            expect(before.diagnostics.map((d) => d.code)).toContain('PLAN_NAME_TAKEN');
          }
          expect(second.summary.error).toBeLessThanOrEqual(first.summary.error);
        } finally {
          await emu.stop();
        }
      }),
      { numRuns: 25 * RUNS },
    );
  });
});

function firstSubnetOf(cidr: string): string {
  const base = cidr.split('/')[0]!.split('.');
  return `${base[0]}.${base[1]}.${base[2]}.0/28`;
}

function sameBlock(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const mask = (0xffffffff << (32 - Number(bits))) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base!) & mask) >>> 0);
}
