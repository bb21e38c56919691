import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The hostile desired-state corpus, written at test time into `dir` (the large cases are too big to
 * commit). Each file points at `endpoint`, so a file that were wrongly accepted would reach the
 * emulator and show up in its request log. Returns file name -> what it tries.
 */
export function writeHostileDesired(dir: string, target: { endpoint: string; projectId: string }): Map<string, string> {
  const cases = new Map<string, string>();
  const head = ['version: 1', 'target:', '  cloud: otc', '  region: eu-de', `  project_id: ${target.projectId}`, `  endpoint: ${target.endpoint}`];
  const vpc = (name: string) => ['vpcs:', '  v0:', '    id: 00000000-aaaa-4bbb-8ccc-dddddddddddd', `    name: ${name}`];
  const put = (file: string, what: string, data: string | Buffer) => {
    writeFileSync(join(dir, file), data);
    cases.set(file, what);
  };

  const valid = [...head, ...vpc('hostile-0')].join('\n');
  const validBytes = Buffer.from(`${valid}\n`);
  put('truncated-utf8-end.yaml', 'a file cut inside a UTF-8 sequence', Buffer.concat([Buffer.from(`${valid}\u20ac`).subarray(0, -1)]));
  put('truncated-utf8-middle.yaml', 'an invalid UTF-8 sequence inside a name', Buffer.concat([validBytes.subarray(0, validBytes.length - 3), Buffer.from([0xe2, 0x82]), Buffer.from('x\n')]));
  put('lone-surrogate.json', 'a JSON file with a lone UTF-16 surrogate escape', `{"version":1,"target":{"cloud":"otc","region":"eu-de","endpoint":"${target.endpoint}"},"vpcs":{"v0":{"id":"00000000-aaaa-4bbb-8ccc-dddddddddddd","name":"\\ud800"}}}`);
  put('string-1mb-name.yaml', 'a 1 MB name', [...head, ...vpc('a'.repeat(1 << 20))].join('\n'));
  put('string-1mb-key.yaml', 'a 1 MB mapping key', [...head, 'vpcs:', `  ${'k'.repeat(1 << 20)}:`, '    name: x'].join('\n'));
  put('string-1mb-description.yaml', 'a 1 MB description (quoted, with escapes)', [...head, ...vpc('x'), `    description: "${'\\u0041'.repeat(1 << 18)}"`].join('\n'));
  put('nesting-10000-flow.yaml', '10,000-deep flow nesting', [...head, `vpcs: ${'['.repeat(10_000)}${']'.repeat(10_000)}`].join('\n'));
  put('nesting-10000-json.json', '10,000-deep JSON nesting', `{"version":1,"vpcs":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
  put('nesting-10000-block.yaml', '10,000-deep block sequences', [...head, `vpcs:`, `  v0:`, `    routes:`, Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(6 + (i % 200))}-`).join('\n')].join('\n'));
  put('keys-100000-top.yaml', '100,000 unknown top-level keys', [...head, ...Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`)].join('\n'));
  put('keys-100000-vpcs.yaml', '100,000 VPC entries without identity', [...head, 'vpcs:', ...Array.from({ length: 100_000 }, (_, i) => `  v${i}: {}`)].join('\n'));
  put('keys-100000-one-vpc.json', '100,000 keys in one VPC', JSON.stringify({ version: 1, target: { cloud: 'otc', region: 'eu-de', endpoint: target.endpoint }, vpcs: { v0: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`f${i}`, i])) } }));
  put('anchors-bomb.yaml', 'a billion-laughs alias bomb', ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`), ...head].join('\n'));
  put('merge-key-loop.yaml', 'a merge key referring to itself', [...head, 'vpcs:', '  v0: &v', '    <<: *v', '    name: x'].join('\n'));
  put('nul-bytes.yaml', 'NUL bytes in a name', [...head, ...vpc('hostile\u0000')].join('\n'));
  put('utf16-bom.yaml', 'a UTF-16 file', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid, 'utf16le')]));
  put('proto-keys.json', '__proto__ and constructor keys', `{"version":1,"__proto__":{"polluted":true},"target":{"cloud":"otc","region":"eu-de","endpoint":"${target.endpoint}","constructor":{"prototype":{"x":1}}},"vpcs":{"__proto__":{"name":"x"}}}`);
  put('target-not-loopback.yaml', 'plain http to a non-loopback endpoint', valid.replace(target.endpoint, 'http://192.0.2.1:8080'));
  put('invalid-names.yaml', 'names and cidrs the API refuses', [...head, 'vpcs:', '  v0:', '    name: "<script>"', '    cidr: 8.8.8.0/24', '  v1:', '    name: "../../etc/passwd"'].join('\n'));
  const big = openSync(join(dir, 'too-large.yaml'), 'w');
  ftruncateSync(big, 64 * 1024 * 1024); // sparse: costs no disk
  closeSync(big);
  cases.set('too-large.yaml', 'a 64 MB file (sparse)');
  mkdirSync(join(dir, 'a-directory.yaml'));
  cases.set('a-directory.yaml', 'a directory named like a file, holding nothing');
  return cases;
}

/** The committed plan corpus (`test/fixtures/hostile-plans/`), with the emulator's endpoint and project filled in. */
export function hostilePlanFixtures(target: { endpoint: string; projectId: string }): Map<string, Buffer> {
  const dir = new URL('../fixtures/hostile-plans/', import.meta.url).pathname;
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir).sort()) {
    const bytes = readFileSync(join(dir, name));
    const text = bytes.toString('latin1').replaceAll('__ENDPOINT__', target.endpoint).replaceAll('__PROJECT__', target.projectId);
    out.set(name, Buffer.from(text, 'latin1'));
  }
  return out;
}
