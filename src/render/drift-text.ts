import { formatLocation } from '../errors/index.js';
import type { DriftReport, FileDrift, VpcDrift } from '../drift/types.js';
import { driftExitCode } from '../drift/types.js';
import { assertNever } from '../errors/index.js';
import { formatDriftValue } from './drift-values.js';
import type { Painter } from './paint.js';

/**
 * The human drift report: one block per file, a line per differing field as "live has X, git says
 * Y", then a verdict with the next step. Reads only the report (the same data `--json` prints).
 */
export function renderDriftText(report: DriftReport, p: Painter): string {
  const lines: string[] = [];
  for (const file of report.files) lines.push(...fileBlock(file, p), '');
  lines.push(verdict(report, p));
  return `${lines.join('\n')}\n`;
}

function fileBlock(file: FileDrift, p: Painter): string[] {
  const lines = [p.bold(`${file.path}`) + p.dim(` -> ${file.target.endpoint} (project ${file.target.project_id})`)];
  if (file.vpcs.length === 0) lines.push(p.dim('  (no VPCs in this file)'));
  for (const vpc of file.vpcs) lines.push(...vpcLines(vpc, p));
  return lines;
}

function vpcLines(vpc: VpcDrift, p: Painter): string[] {
  const id = vpc.id ? p.dim(` (${vpc.id})`) : '';
  switch (vpc.status) {
    case 'in_sync':
      return [`  ${p.green('=')} ${vpc.address}${id} ${p.dim('in sync')}`];
    case 'drifted':
      return [
        `  ${p.yellow('~')} ${p.bold(vpc.address)}${id} ${p.yellow('drifted')}`,
        ...vpc.fields.map((f) => {
          const where = f.location ? p.dim(`  (${formatLocation(f.location)})`) : '';
          const git = f.managed ? `git says ${p.green(formatDriftValue(f.desired))}` : p.dim('git does not manage it');
          return `      ${f.path}: live has ${p.red(formatDriftValue(f.live))}, ${git}${where}`;
        }),
      ];
    case 'missing':
      return [`  ${p.red('-')} ${p.bold(vpc.address)}${id} ${p.red('missing')}: ${vpc.message ?? ''}`];
    case 'unwanted':
      return [`  ${p.red('+')} ${p.bold(vpc.address)}${id} ${p.red('should be absent')}: ${vpc.message ?? ''}`];
    case 'error':
      return [`  ${p.red('!')} ${p.bold(vpc.address)}${id} ${p.red('cannot check')}: ${vpc.message ?? ''}`];
    default:
      return assertNever(vpc.status, 'drift status');
  }
}

function verdict(report: DriftReport, p: Painter): string {
  const s = report.summary;
  const counts = `${s.vpcs} VPC(s): ${s.in_sync} in sync, ${s.drifted} drifted, ${s.missing} missing${s.unwanted > 0 ? `, ${s.unwanted} should be absent` : ''}${s.error > 0 ? `, ${s.error} cannot be checked` : ''}`;
  const code = driftExitCode(s);
  switch (code) {
    case 0:
      return `${p.green('No drift.')} ${counts}.`;
    case 2:
      return [
        `${p.yellow(p.bold('Drift detected.'))} ${counts}.`,
        p.dim(`To heal it: \`vpcform plan ${fileFlags(report)}\` shows the fix, \`vpcform apply ${fileFlags(report)}\` makes the cloud match git.`),
        p.dim('To accept it: change the file to the live values (or `vpcform import`) and commit.'),
      ].join('\n');
    case 1:
      return `${p.red(p.bold('Drift check incomplete.'))} ${counts}.`;
    default:
      return assertNever(code, 'exit code');
  }
}

/** `-f a.yaml -f b.yaml`: the next command, ready to paste. */
export function fileFlags(report: DriftReport): string {
  return report.files.map((f) => `-f ${/\s/.test(f.path) ? JSON.stringify(f.path) : f.path}`).join(' ') || '-f <file>';
}
