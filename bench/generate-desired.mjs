/**
 * Writes a desired-state YAML file with N VPCs (default 10,000), each with an id, a name, a /24 inside
 * 10.0.0.0/8, a description and one route: the shape of a real file, at scale.
 *   node bench/generate-desired.mjs [N] > big.yaml
 */
export function generateDesired(count) {
  const lines = [
    '# yaml-language-server: $schema=../schemas/vpcform.schema.json',
    'version: 1',
    'target:',
    '  cloud: otc',
    '  region: eu-de',
    '  project_id: 0123456789abcdef0123456789abcdef',
    'vpcs:',
  ];
  for (let i = 0; i < count; i++) {
    const third = `${(i >> 8) & 255}.${i & 255}`;
    lines.push(
      `  vpc_${i}:`,
      `    id: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      `    name: vpc-${i}`,
      `    cidr: 10.${third}.0/24`,
      `    description: generated VPC number ${i}`,
      '    enable_shared_snat: false',
      '    routes:',
      `      - { destination: 0.0.0.0/0, nexthop: 10.${third}.5 }`,
    );
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(generateDesired(Number(process.argv[2] ?? 10000)));
}
