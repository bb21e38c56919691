import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { BIN, runBin, type CliResult } from '../helpers/cli.js';
import { githubJobLines, gitlabJobLines, shellWords, vpcformCommands, type RecipeCommand } from './recipe-commands.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SEED = join(ROOT, 'examples/emulator-seed.yaml');
const PUT = 'PUT /v1/{project_id}/vpcs/{vpc_id}';
const POST = 'POST /v1/{project_id}/vpcs';
const DELETE = 'DELETE /v1/{project_id}/vpcs/{vpc_id}';

interface Recipe {
  file: string;
  jobs: (doc: unknown) => Map<string, string[]>;
  /** The jobs a pull/merge request runs, in order. */
  review: string[];
  apply: string;
  drift: string;
}

const RECIPES: Recipe[] = [
  { file: 'examples/ci/github-actions.yml', jobs: githubJobLines, review: ['plan'], apply: 'apply', drift: 'drift' },
  { file: 'examples/ci/gitlab-ci.yml', jobs: gitlabJobLines, review: ['validate', 'plan'], apply: 'apply', drift: 'drift' },
];

beforeAll(() => {
  // `npm test` builds first; a lone run of this file builds when dist/ is missing.
  if (!existsSync(BIN.replace(/bin\/vpcform\.js$/, 'dist/cli/bin.js'))) {
    try {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    } catch {
      // tsc emits even with type errors elsewhere in the tree; the runs below tell.
    }
  }
}, 120_000);

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

/** Runs one job's vpcform commands in order, as a pipeline would (stopping at the first failure). */
async function runJob(cmds: RecipeCommand[], cwd: string, env: Record<string, string>): Promise<CliResult[]> {
  const results: CliResult[] = [];
  for (const cmd of cmds) {
    const r = await runBin(cmd.argv, { cwd, env });
    results.push(r);
    if (cmd.redirect) {
      const path = isAbsolute(cmd.redirect.path) ? cmd.redirect.path : join(cwd, cmd.redirect.path);
      if (cmd.redirect.append) await appendFile(path, r.stdout);
      else await writeFile(path, r.stdout);
    }
    if (r.code !== 0) break;
  }
  return results;
}

const describeLine = (cmd: RecipeCommand | undefined, r: CliResult | undefined) =>
  `${cmd?.line ?? '?'}\n--- stdout\n${r?.stdout ?? ''}\n--- stderr\n${r?.stderr ?? ''}`;

describe.each(RECIPES)('CI recipe $file', (recipe) => {
  it('every job runs its vpcform commands against the emulator: drift 2, review, apply, drift 0', async () => {
    const doc = parse(await readFile(join(ROOT, recipe.file), 'utf8'));
    const dir = await mkdtemp(join(tmpdir(), 'vpcform-recipe-'));
    try {
      await copyFile(join(ROOT, 'examples/vpcs.yaml'), join(dir, 'vpcs.yaml'));
      const summary = join(dir, 'step-summary.md');
      await writeFile(summary, '');
      emu = await startEmulator({ port: 0, seed: SEED, updateDelayMs: 100 });
      const env = { VPCFORM_ENDPOINT: emu.url, GITHUB_STEP_SUMMARY: summary };

      const jobs = recipe.jobs(doc);
      const commandsOf = (job: string): RecipeCommand[] => {
        const cmds = vpcformCommands(jobs.get(job) ?? [], env);
        expect(cmds.length, `job ${job} runs vpcform`).toBeGreaterThan(0);
        return cmds;
      };
      // No job with vpcform commands escapes the scenario below.
      const exercised = new Set([...recipe.review, recipe.apply, recipe.drift]);
      for (const [job, lines] of jobs) {
        if (vpcformCommands(lines, env).length > 0) expect(exercised.has(job), `job ${job} is exercised`).toBe(true);
      }

      // 1. Nightly drift on the seeded cloud: the job fails with exit 2 and shows the report.
      const driftCmds = commandsOf(recipe.drift);
      const drifted = await runJob(driftCmds, dir, env);
      const last = drifted[drifted.length - 1];
      expect(last?.code, describeLine(driftCmds[drifted.length - 1], last)).toBe(2);
      expect(last?.stdout.toLowerCase()).toContain('drift detected');

      // 2. Pull/merge request: validate and plan succeed; the markdown plan names the changes.
      for (const job of recipe.review) {
        const cmds = commandsOf(job);
        const results = await runJob(cmds, dir, env);
        results.forEach((r, i) => expect(r.code, describeLine(cmds[i], r)).toBe(0));
        expect(results).toHaveLength(cmds.length);
      }
      const planMd = await readFile(join(dir, 'plan.md'), 'utf8');
      expect(planMd).toContain('vpcs.web');
      expect(planMd).toContain('vpcs.analytics');
      expect(planMd).toContain('vpcs.legacy');
      for (const route of [PUT, POST, DELETE]) expect(emu.stats().routes[route] ?? 0, route).toBe(0);

      // 3. Merge: apply converges the three drifted VPCs, creates vpc-analytics (POST, then one PUT
      // for its routes once it is OK) and deletes vpc-legacy.
      const applyCmds = commandsOf(recipe.apply);
      const applied = await runJob(applyCmds, dir, env);
      applied.forEach((r, i) => expect(r.code, describeLine(applyCmds[i], r)).toBe(0));
      expect(applied).toHaveLength(applyCmds.length);
      expect(emu.stats().routes[PUT]).toBe(4);
      expect(emu.stats().routes[POST]).toBe(1);
      expect(emu.stats().routes[DELETE]).toBe(1);
      const names = emu.vpcs().map((v) => v.name);
      expect(names.filter((n) => n === 'vpc-analytics')).toHaveLength(1);
      expect(names).not.toContain('vpc-legacy');

      // 4. The next nightly drift is clean.
      const clean = await runJob(driftCmds, dir, env);
      clean.forEach((r, i) => expect(r.code, describeLine(driftCmds[i], r)).toBe(0));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('recipe command extraction', () => {
  it('splits words, expands variables, takes a stdout redirect, refuses pipes', () => {
    expect(shellWords(`npx vpcform drift -f "my vpcs.yaml" --markdown >> "$GITHUB_STEP_SUMMARY"`, { GITHUB_STEP_SUMMARY: '/s.md' })).toEqual([
      'npx', 'vpcform', 'drift', '-f', 'my vpcs.yaml', '--markdown', '>>', '/s.md',
    ]);
    expect(vpcformCommands(['cat x', 'npx vpcform show p.json --markdown > plan.md'], {})).toEqual([
      { line: 'npx vpcform show p.json --markdown > plan.md', argv: ['show', 'p.json', '--markdown'], redirect: { path: 'plan.md', append: false } },
    ]);
    expect(() => vpcformCommands(['npx vpcform drift -f a.yaml | tee x'], {})).toThrow(/too clever/);
    expect(() => vpcformCommands(['npx vpcform plan -f $NOPE'], {})).toThrow(/NOPE/);
  });
});
