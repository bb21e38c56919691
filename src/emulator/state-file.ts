import { readFile } from 'node:fs/promises';
import { VpcformError } from '../errors/index.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { parseQuotas } from './handlers/quotas.js';
import type { Quotas, SubnetRecord, VpcRecord } from './types.js';
import { isPlainObject } from './validate.js';

/**
 * `--state FILE`: the emulator's project and resources across restarts, enough to resume without the
 * seed. Credentials and tokens are never written. `project_name` and `quotas` were added to version 1
 * as optional keys: older files still load (the defaults fill them in).
 */
export interface StateFile {
  format: 'vpcform-emulator-state';
  version: 1;
  project_id: string;
  project_name?: string;
  quotas?: Partial<Quotas>;
  vpcs: VpcRecord[];
  subnets: SubnetRecord[];
}

const FORMAT = 'vpcform-emulator-state';

function refuse(path: string, why: string, cause?: unknown): never {
  throw new VpcformError('EMULATOR_STATE', {
    summary: `The emulator state file ${path} is unusable: ${why}`,
    hint: 'The file was left untouched. Move it away (or start without --state) to begin from the seed again.',
    ...(cause !== undefined && { cause }),
  });
}

/** The state, or undefined when the file does not exist. A torn or foreign file is refused, never replaced. */
export async function loadStateFile(path: string): Promise<StateFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return refuse(path, `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`, err);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return refuse(path, text.trim() === '' ? 'it is empty (torn write?)' : 'it is not complete JSON (torn or corrupt)', err);
  }
  if (!isPlainObject(value) || value['format'] !== FORMAT) return refuse(path, `it is not a ${FORMAT} file`);
  if (value['version'] !== 1) return refuse(path, `unknown version ${JSON.stringify(value['version'])}`);
  if (typeof value['project_id'] !== 'string') return refuse(path, 'project_id is missing');
  if (!/^[0-9a-f]{32}$/.test(value['project_id'])) return refuse(path, 'project_id is not 32 lower-case hex digits');
  const vpcs = value['vpcs'];
  const subnets = value['subnets'];
  if (!Array.isArray(vpcs) || !vpcs.every(isVpcRecord)) return refuse(path, 'vpcs is not a list of VPC records');
  if (!Array.isArray(subnets) || !subnets.every(isSubnetRecord)) return refuse(path, 'subnets is not a list of subnet records');
  const projectName = value['project_name'];
  if (projectName !== undefined && typeof projectName !== 'string') return refuse(path, 'project_name is not a string');
  const quotas = value['quotas'] === undefined ? { quotas: {} } : parseQuotas(value['quotas'], 'quotas');
  if ('problems' in quotas) return refuse(path, quotas.problems.join('; '));
  return {
    format: FORMAT,
    version: 1,
    project_id: value['project_id'],
    ...(projectName !== undefined && { project_name: projectName }),
    quotas: quotas.quotas,
    vpcs,
    subnets,
  };
}

function isVpcRecord(v: unknown): v is VpcRecord {
  return (
    isPlainObject(v) &&
    ['id', 'name', 'description', 'cidr', 'status', 'enterprise_project_id', 'tenant_id', 'created_at', 'updated_at'].every(
      (k) => typeof v[k] === 'string',
    ) &&
    typeof v['enable_shared_snat'] === 'boolean' &&
    (v['routes'] === null || Array.isArray(v['routes']))
  );
}

function isSubnetRecord(v: unknown): v is SubnetRecord {
  return isPlainObject(v) && ['id', 'name', 'cidr', 'gateway_ip', 'vpc_id', 'status'].every((k) => typeof v[k] === 'string');
}

/**
 * Writes the state atomically, debounced: a burst of changes makes one write. Writes never overlap;
 * a change during a write schedules one more.
 */
export class StateWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private lastError: unknown;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => StateFile,
    private readonly debounceMs = 100,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.writeNow();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes any pending change now and waits for it. Throws the last write error, if any. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.writeNow();
    if (this.lastError !== undefined) {
      const err = this.lastError;
      this.lastError = undefined;
      throw err;
    }
  }

  private async writeNow(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    this.writing = writeFileAtomic(this.path, `${JSON.stringify(this.snapshot())}\n`)
      .catch((err: unknown) => {
        this.lastError = err;
        this.onError(err);
      })
      .finally(() => {
        this.writing = undefined;
      });
    await this.writing;
  }
}
