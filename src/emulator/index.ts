import { createServer, type Server } from 'node:http';
import { VpcformError } from '../errors/index.js';
import { Accounting } from './accounting.js';
import type { ApiDeps } from './api-context.js';
import { Gatekeeper } from './auth.js';
import { defaultFaultConfig, FaultInjector } from './faults.js';
import { checkQuota, DEFAULT_QUOTAS } from './handlers/quotas.js';
import { buildWorld, readSeedFile, type SeededWorld } from './seed.js';
import { createListener, type EmulatorCore } from './server.js';
import { loadStateFile, StateWriter, type StateFile } from './state-file.js';
import { VpcStore } from './store.js';
import type {
  EmulatorOptions,
  EmulatorStats,
  FaultConfig,
  Quotas,
  RequestLogEntry,
  SubnetRecord,
  VpcRecord,
} from './types.js';

export type * from './types.js';
export { DEFAULT_PROJECT_ID } from './seed.js';

export const DEFAULT_UPDATE_DELAY_MS = 1500;
/** Small, yet long enough that a client must really wait for `OK` (no source gives a typical time). */
export const DEFAULT_CREATE_DELAY_MS = 1000;
export const DEFAULT_DELETE_DELAY_MS = 0;
export { DEFAULT_QUOTAS } from './handlers/quotas.js';
export const DEFAULT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  host: string;
  port: number;
  projectId: string;
  /** Whether requests must carry a token or a signature. */
  authEnabled: boolean;
  stop(): Promise<void>;
  stats(): EmulatorStats;
  /** Clears the counters and (unless `keepRequests`) the request log. */
  resetStats(options?: { keepRequests?: boolean }): void;
  requestLog(): RequestLogEntry[];
  faults(): FaultConfig;
  setFaults(patch: Partial<FaultConfig>): FaultConfig;
  /** The quotas in force (a copy). */
  quotas(): Quotas;
  /** A VPC as stored now (status settled), or undefined. */
  vpc(id: string): VpcRecord | undefined;
  vpcs(): VpcRecord[];
  subnets(): SubnetRecord[];
  /** Puts the VPCs and subnets back to the seed. */
  resetData(): void;
  /** Writes the state file now (no-op without `statePath`). */
  flushState(): Promise<void>;
}

/**
 * The seed's world. Without a seed, a state file supplies the project (issue 15: `--state FILE` alone
 * resumes); a seed given with a state file must be of the state's project.
 */
async function resolveWorld(options: EmulatorOptions, now: number, saved: StateFile | undefined): Promise<SeededWorld> {
  if (options.seed === undefined && saved) {
    return buildWorld({ project_id: saved.project_id, ...(saved.project_name !== undefined && { project_name: saved.project_name }) }, now, `state file ${options.statePath}`);
  }
  const seed = typeof options.seed === 'string' ? await readSeedFile(options.seed) : options.seed;
  const source = typeof options.seed === 'string' ? `seed file ${options.seed}` : 'seed';
  return buildWorld(seed, now, source);
}

/** A copy the store may mutate (seeds are reused by `resetData`); cheaper than structuredClone at 100k. */
function copyVpc(vpc: VpcRecord): VpcRecord {
  const copy = { ...vpc, routes: vpc.routes === null ? null : vpc.routes.map((r) => ({ ...r })) };
  if (vpc.blockers) copy.blockers = [...vpc.blockers];
  if (vpc.tags) copy.tags = { ...vpc.tags };
  return copy;
}

function fillStore(store: VpcStore, vpcs: readonly VpcRecord[], subnets: readonly SubnetRecord[]): void {
  for (const vpc of vpcs) store.insertVpc(copyVpc(vpc));
  for (const subnet of subnets) store.insertSubnet({ ...subnet });
}

/** Starts the emulator on `host:port` (port 0 = ephemeral) and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  if (options.vpcQuota !== undefined && checkQuota(options.vpcQuota, 'vpcQuota')) {
    throw new VpcformError('USAGE', { summary: `vpcQuota must be an integer >= -1, not ${options.vpcQuota}`, hint: 'Use -1 for no limit.' });
  }
  const saved = options.statePath === undefined ? undefined : await loadStateFile(options.statePath);
  const world = await resolveWorld(options, now(), saved);
  if (saved && saved.project_id !== world.projectId) {
    throw new VpcformError('EMULATOR_STATE', {
      summary: `The state file ${options.statePath} belongs to project ${saved.project_id}, the seed to ${world.projectId}`,
      hint: 'Start with --state alone (the state knows its project), use the seed the state was made with, or another --state file.',
    });
  }

  let writer: StateWriter | undefined;
  const onChange = (): void => writer?.schedule();
  const makeStore = (): VpcStore => new VpcStore(world.projectId, now, onChange);
  const credentials = [...world.credentials, ...(options.credentials ?? [])];
  const users = [...world.users, ...(options.users ?? [])];
  const faultConfig: FaultConfig = {
    ...defaultFaultConfig(),
    latency_ms: options.latencyMs ?? 0,
    rate_limit_rps: options.rateLimitRps ?? 0,
    fault_rate: options.faultRate ?? 0,
    seed: options.faultSeed ?? 1,
  };
  const api: ApiDeps = {
    store: makeStore(),
    faults: new FaultInjector(faultConfig, now),
    now,
    updateDelayMs: options.updateDelayMs ?? DEFAULT_UPDATE_DELAY_MS,
    createDelayMs: options.createDelayMs ?? DEFAULT_CREATE_DELAY_MS,
    deleteDelayMs: options.deleteDelayMs ?? DEFAULT_DELETE_DELAY_MS,
    // A seed only fills a new state; an explicit option wins over both.
    quotas: { ...DEFAULT_QUOTAS, ...world.quotas, ...saved?.quotas, ...(options.vpcQuota !== undefined && { vpc: options.vpcQuota }) },
  };
  if (saved) fillStore(api.store, saved.vpcs, saved.subnets);
  else fillStore(api.store, world.vpcs, world.subnets);

  const authEnabled = credentials.length > 0 || users.length > 0;
  const gatekeeper = new Gatekeeper(credentials, authEnabled, now, options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS);
  // Known once the server listens; IAM's catalog and version links point at it.
  let baseUrl = '';
  const core: EmulatorCore = {
    api,
    gatekeeper,
    accounting: new Accounting(),
    authEnabled,
    log: options.log,
    iam: {
      gatekeeper,
      users,
      projectId: world.projectId,
      projectName: world.projectName,
      tokenTtlMs: options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS,
      now,
      baseUrl: () => baseUrl,
    },
    resetData: () => {
      api.store = makeStore();
      fillStore(api.store, world.vpcs, world.subnets);
      writer?.schedule();
    },
    onQuotasChanged: () => writer?.schedule(),
  };

  if (options.statePath !== undefined) {
    const snapshot = (): StateFile => ({
      format: 'vpcform-emulator-state',
      version: 1,
      project_id: world.projectId,
      project_name: world.projectName,
      quotas: { ...api.quotas },
      vpcs: api.store.allVpcs(),
      subnets: api.store.allSubnets(),
    });
    writer = new StateWriter(options.statePath, snapshot, 100, (err) => options.log?.(`state write failed: ${String(err)}`));
    // A new state is written at once; a resumed one too when an option changed what it holds (the quota).
    if (!saved || options.vpcQuota !== undefined) writer.schedule();
    await writer.flush();
  }

  const server = createServer({ keepAliveTimeout: 5000 }, createListener(core));
  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, host, options.port ?? 8080);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  return {
    url: baseUrl,
    host,
    port,
    projectId: world.projectId,
    authEnabled,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await writer?.flush();
    },
    stats: () => core.accounting.stats(),
    resetStats: (opts = {}) => {
      core.accounting.resetCounters();
      if (!opts.keepRequests) core.accounting.resetLog();
    },
    requestLog: () => core.accounting.requests(),
    faults: () => api.faults.current(),
    setFaults: (patch) => api.faults.update(patch),
    quotas: () => ({ ...api.quotas }),
    vpc: (id) => {
      const record = api.store.getVpc(id);
      return record && copyVpc(record);
    },
    vpcs: () => api.store.allVpcs().map(copyVpc),
    subnets: () => api.store.allSubnets().map((s) => ({ ...s })),
    resetData: core.resetData,
    flushState: async () => writer?.flush(),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        new VpcformError('EMULATOR_LISTEN', {
          summary: `The emulator cannot listen on ${host}:${port}: ${err.code ?? err.message}`,
          hint: err.code === 'EADDRINUSE' ? 'Another process uses that port: pick another with --port (0 = any free port).' : 'Check --host and --port.',
          cause: err,
        }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
