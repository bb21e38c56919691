// Shared by the apply benchmarks: the desired state that renames each seeded VPC `vpc-i` to
// `renamed-i` (and sets a description), built in memory, for the emulator `emu`.
export function renameState(emu, ids) {
  const target = { cloud: 'otc', region: 'eu-de', project_id: emu.projectId, endpoint: emu.url };
  const state = {
    file: 'bench.yaml',
    sha256: '0'.repeat(64),
    version: 1,
    target,
    vpcs: ids.map((id, i) => ({ address: `vpcs.v${i}`, key: `v${i}`, id, name: `renamed-${i}`, description: `managed ${i}` })),
    sourceMap: {},
  };
  return { target, state };
}
