import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { VpcformError } from '../../errors/index.js';
import { connect } from '../connect.js';
import type { CliIO, GlobalOptions } from '../io.js';
import { writeLine } from '../io.js';
import { EXIT } from '../exit-codes.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { importVpcs } from '../../import/import-vpcs.js';
import { importTarget } from '../../import/target.js';
import { checkImported } from '../../import/check-imported.js';

export interface RunImportFlags {
  id?: string[];
  name?: string[];
  output?: string;
  force?: boolean;
  endpoint?: string;
  cloud?: string;
  region?: string;
  projectId?: string;
}

/** `vpcform import`: the YAML goes to `-o FILE` (atomic, refuses to overwrite without --force) or stdout. */
export async function runImport(flags: RunImportFlags, io: CliIO, globals: GlobalOptions): Promise<number> {
  const target = importTarget(flags, io.env);
  const outputPath = flags.output === undefined ? undefined : resolve(io.cwd, flags.output);
  // Refuse before reading the cloud: the answer does not depend on it.
  if (outputPath !== undefined && flags.force !== true && (await exists(outputPath))) throw alreadyExists(flags.output ?? outputPath);
  const client = connect(target, { io, debug: globals.debug, ...(flags.endpoint !== undefined && { endpointOverride: flags.endpoint }) });
  const result = await importVpcs({
    client,
    target,
    ...(flags.id !== undefined && { ids: flags.id }),
    ...(flags.name !== undefined && { names: flags.name }),
    outputDir: outputPath === undefined ? io.cwd : dirname(outputPath),
    signal: io.signal,
  });
  checkImported(result.yaml, flags.output ?? '<stdout>');

  const listed = result.vpcs.map((v) => ({ address: `vpcs.${v.key}`, id: v.id, ...(v.name !== undefined && { name: v.name }) }));
  if (outputPath !== undefined) {
    await writeFileAtomic(outputPath, result.yaml, { exclusive: flags.force !== true });
    if (globals.json) writeLine(io.stdout, JSON.stringify({ file: flags.output, vpcs: listed }));
    else writeLine(io.stderr, `Imported ${listed.length} VPC(s) into ${flags.output}: ${listed.map((v) => v.address).join(', ')}`);
  } else if (globals.json) {
    writeLine(io.stdout, JSON.stringify({ file: null, yaml: result.yaml, vpcs: listed }));
  } else {
    io.stdout.write(result.yaml);
  }
  return EXIT.OK;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function alreadyExists(path: string): VpcformError {
  return new VpcformError('IO_WRITE', {
    summary: `${path} already exists`,
    hint: 'Choose another file name, or pass --force to overwrite it.',
  });
}
