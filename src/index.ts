/**
 * vpcform as a library: `import { loadDesired, plan, apply, drift } from 'vpcform'`.
 *
 * The same stages the CLI runs (`refresh`, `buildPlan`, `applyPlan`, `checkDrift`), with typed
 * options and results instead of flags and exit codes. Nothing here prints; failures are thrown as
 * `VpcformError` (stable `code`, `summary`, `hint`). Credentials come from `env` (default
 * `process.env`) exactly as for the CLI; see docs/library.md.
 */
import { createCloudClient, resolveConnection } from './cloud/index.js';
import type { CloudClient } from './cloud/types.js';
import type { DesiredState, Target } from './config/types.js';
import { applyPlan } from './apply/apply-plan.js';
import type { ApplyEvent, ApplySummary } from './apply/types.js';
import { checkDrift } from './drift/check-drift.js';
import { loadValidStates } from './io/read-desired.js';
import { narrowState, selectTargets } from './config/targets.js';
import type { DriftReport } from './drift/types.js';
import type { EmulatorOptions, RunningEmulator } from './emulator/index.js';
import { VpcformError, type Diagnostic } from './errors/index.js';
import { makePlan } from './refresh/make-plan.js';
import { parsePlan, serializePlan } from './plan/plan-file.js';
import { checkSavedPlanTarget, savedPlanTarget } from './apply/saved-plan-target.js';
import type { Plan, PlanSummary } from './plan/types.js';
import { VERSION } from './version.js';

export { loadDesired, type LoadOptions } from './io/read-desired.js';
export { parseDesired } from './config/index.js';
export { driftExitCode } from './drift/types.js';
export { VpcformError, isVpcformError, type Diagnostic, type ErrorCode } from './errors/index.js';
export { serializePlan, parsePlan } from './plan/plan-file.js';
export { renderPlanMarkdown } from './render/plan-markdown.js';
export { renderDriftMarkdown } from './render/drift-markdown.js';
export { VERSION } from './version.js';
export type { DesiredState, DesiredVpc, Ensure, LoadResult, Target, Route } from './config/types.js';
export type { Plan, PlannedChange, AttributeChange, PlanSummary, ChangeAction } from './plan/types.js';
export type { ApplyEvent, ApplyEventType, ApplySummary, ApplyOutcome, OutcomeResult, FailureInfo, ApplyPhase } from './apply/types.js';
export type { DriftReport, FileDrift, VpcDrift, FieldDrift, DriftStatus, DriftSummary } from './drift/types.js';
export type { CloudClient } from './cloud/types.js';
export type { LiveVpc } from './model/vpc.js';
export type { RunningEmulator, EmulatorOptions, EmulatorSeed } from './emulator/index.js';

/** The local VPC API emulator (tests, demos). Loaded on first use: scripts against a real cloud never pay for it. */
export async function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator> {
  const emulator = await import('./emulator/index.js');
  return emulator.startEmulator(options);
}

/** Where and as whom to connect; the same rules as the CLI (DESIGN "Configuration and credentials"). */
export interface ConnectOptions {
  /** Endpoint override (the emulator, a private endpoint): wins over `VPCFORM_ENDPOINT` and `target.endpoint`. */
  endpoint?: string;
  /** Credentials, `HW_PROJECT_ID`, `VPCFORM_ENDPOINT`… are read here. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** One line per HTTP exchange, secrets redacted. */
  debug?: (line: string) => void;
  signal?: AbortSignal;
}

/** The desired state: files/directories to load, or states already loaded with `loadDesired`. */
export interface DesiredInput {
  files?: readonly string[];
  states?: readonly DesiredState[];
  /** Base of relative `files` (default `process.cwd()`). */
  cwd?: string;
  /**
   * `--target`: only these VPCs, `vpcs.<key>` or `<key>`. An address in no file throws
   * `TARGET_UNKNOWN` before anything is read; a file holding none is left out. A plan covers its
   * targets and the entries they depend on, and records them in `targets`.
   */
  targets?: readonly string[];
}

export interface PlanOptions extends ConnectOptions, DesiredInput {}

export interface PlanResult {
  /** One plan per desired-state file, in load order. */
  plans: Plan[];
  /** VPCs to create (declared by name, none has it), over all plans. */
  creates: number;
  /** VPCs to update in place, over all plans. */
  updates: number;
  /** VPCs to delete (marked `ensure: absent`, and found), over all plans. */
  deletes: number;
  /**
   * Changes that cannot be applied (not found by id, ambiguous, a create without cidr, over the quota,
   * a delete of a VPC with subnets, refused by a preflight check).
   */
  errors: number;
  /** Load warnings (errors throw `CONFIG_INVALID`). */
  warnings: Diagnostic[];
}

export interface ApplyOptions extends ConnectOptions, DesiredInput {
  /** Saved plans to carry out (re-read first; a VPC changed since is refused as stale). Else plans are made from the desired state. */
  plans?: readonly Plan[];
  /** VPCs changed at once (default 40; the client's rate limiter sets the pace, this bounds the blast radius). */
  parallelism?: number;
  /**
   * How long to wait for one VPC (default 10 minutes): to leave `PENDING_UPDATE` or `CREATING`, to be
   * gone after a DELETE, and for a DELETE refused as busy to be accepted.
   */
  timeoutMs?: number;
  onEvent?: (event: ApplyEvent) => void;
}

export interface ApplyResult {
  plans: Plan[];
  /** One per plan, in order. */
  summaries: ApplySummary[];
  /** True when every VPC of every plan is created, updated, deleted or unchanged. */
  converged: boolean;
}

export interface DriftOptions extends ConnectOptions, DesiredInput {
  /** Also report fields the file leaves alone (strict mode). */
  allFields?: boolean;
}

/** Reads the live VPCs and plans the creates, updates and deletes for each desired-state file. Read-only. */
export async function plan(options: PlanOptions): Promise<PlanResult> {
  const { states, warnings } = await desiredStates(options);
  const plans: Plan[] = [];
  for (const { state, targets } of targeted(states, options)) plans.push(await planState(state, options, targets));
  const total = (action: keyof PlanSummary): number => plans.reduce((n, p) => n + p.summary[action], 0);
  return { plans, creates: total('create'), updates: total('update'), deletes: total('delete'), errors: total('error'), warnings };
}

/**
 * Plans (or takes saved plans) and carries them out, deletes first, then updates, then creates: DELETE
 * and wait until gone; PUT and wait while `PENDING_UPDATE`; POST, wait while `CREATING`, then the
 * follow-up PUT. Every VPC is verified. A saved plan is re-checked first: a delete's VPC unchanged, a
 * create's name still free.
 */
export async function apply(options: ApplyOptions): Promise<ApplyResult> {
  const work: Array<{ plan: Plan; client: CloudClient; saved: boolean }> = [];
  if (options.plans !== undefined) {
    if (options.targets !== undefined) {
      throw new VpcformError('USAGE', {
        summary: 'targets cannot narrow saved plans',
        hint: 'Apply the plans as they are, or pass `files`/`states` with `targets` (or plan with `targets` first).',
      });
    }
    for (const saved of options.plans) work.push({ plan: saved, client: clientForPlan(saved, options), saved: true });
  } else {
    const { states } = await desiredStates(options);
    for (const { state, targets } of targeted(states, options)) {
      const client = clientFor(state.target, options);
      work.push({ plan: await planState(state, options, targets, client), client, saved: false });
    }
  }
  const summaries: ApplySummary[] = [];
  for (const { plan: p, client, saved } of work) {
    summaries.push(
      await applyPlan(p, client, {
        checkStale: saved,
        ...(options.signal !== undefined && { signal: options.signal }),
        ...(options.onEvent !== undefined && { onEvent: options.onEvent }),
        ...(options.parallelism !== undefined && { parallelism: options.parallelism }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      }),
    );
  }
  return { plans: work.map((w) => w.plan), summaries, converged: summaries.every((s) => s.converged) };
}

/** Reports where the live VPCs differ from the desired state. Read-only. `driftExitCode(report.summary)` gives 0/2/1. */
export async function drift(options: DriftOptions): Promise<DriftReport> {
  const { states } = await desiredStates(options);
  return checkDrift({
    states: targeted(states, options).map(({ state, targets }) => (targets === undefined ? state : narrowState(state, new Set(targets)))),
    clientFor: (state) => clientFor(state.target, options),
    allFields: options.allFields === true,
    ...(options.signal !== undefined && { signal: options.signal }),
    toolVersion: VERSION,
  });
}

async function desiredStates(input: DesiredInput): Promise<{ states: readonly DesiredState[]; warnings: Diagnostic[] }> {
  if (input.states !== undefined) return { states: input.states, warnings: [] };
  return loadValidStates(input.files ?? [], input.cwd ?? process.cwd());
}

/** Every state, or with `targets` the states holding some, each with its own addresses. */
function targeted(states: readonly DesiredState[], input: DesiredInput): Array<{ state: DesiredState; targets?: string[] }> {
  if (input.targets === undefined) return states.map((state) => ({ state }));
  // An empty list is most likely a computed selection that came out empty: planning everything instead would be a surprise.
  if (input.targets.length === 0) throw new VpcformError('USAGE', { summary: '`targets` is empty', hint: 'Leave `targets` out to work on every VPC of the files, or name at least one address.' });
  return selectTargets(states, input.targets);
}

async function planState(state: DesiredState, options: ConnectOptions, targets: readonly string[] | undefined, client: CloudClient = clientFor(state.target, options)): Promise<Plan> {
  return makePlan(client, state, { ...(options.signal !== undefined && { signal: options.signal }), ...(targets !== undefined && { targets }) });
}

function clientFor(target: Target, options: ConnectOptions): CloudClient {
  const connection = resolveConnection(target, options.env ?? process.env, options.endpoint === undefined ? {} : { endpoint: options.endpoint });
  return createCloudClient({ ...connection, ...(options.debug !== undefined && { debug: options.debug }) });
}

/**
 * A saved plan, checked as `vpcform apply PLAN` checks it: the plan file's own rules (a request that
 * is exactly the reviewed attributes, unique addresses…) and the target it was made for.
 */
function clientForPlan(saved: Plan, options: ConnectOptions): CloudClient {
  parsePlan(serializePlan(saved), `plan for ${saved.desired.path}`);
  const client = clientFor(savedPlanTarget(saved), options);
  checkSavedPlanTarget(saved, client, options.env ?? process.env, `The plan for ${saved.desired.path}`);
  return client;
}
