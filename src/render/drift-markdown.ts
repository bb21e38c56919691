import type { DriftReport, FieldDrift, VpcDrift } from '../drift/types.js';
import { driftExitCode } from '../drift/types.js';
import { assertNever } from '../errors/index.js';
import { formatDriftValue } from './drift-values.js';
import { inlineCode } from './markdown.js';
import { fileFlags } from './drift-text.js';

/** The drift report as GitHub-flavoured markdown (a step summary, an issue, a PR comment). */
export function renderDriftMarkdown(report: DriftReport): string {
  const s = report.summary;
  const code = driftExitCode(s);
  const title =
    code === 0 ? '## ✅ vpcform drift: in sync' : code === 2 ? '## ⚠️ vpcform drift: drift detected' : '## ❌ vpcform drift: check incomplete';
  const lines = [
    title,
    '',
    `${s.vpcs} VPC(s): **${s.in_sync}** in sync, **${s.drifted}** drifted, **${s.missing}** missing${s.error > 0 ? `, **${s.error}** cannot be checked` : ''}. Checked at ${report.checked_at}.`,
  ];
  for (const file of report.files) {
    lines.push('', `### \`${file.path}\``, '', `Target: \`${file.target.endpoint}\`, project \`${file.target.project_id}\``, '');
    const rows = file.vpcs.flatMap(rowsOf);
    if (rows.length === 0) {
      lines.push('Every VPC matches the file.');
      continue;
    }
    lines.push('| VPC | field | live has | git says |', '|---|---|---|---|', ...rows);
  }
  if (code === 2) {
    lines.push(
      '',
      `To heal: \`vpcform plan ${fileFlags(report)}\` then \`vpcform apply ${fileFlags(report)}\`. To accept the live values: update the file and commit.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function rowsOf(vpc: VpcDrift): string[] {
  const who = `\`${vpc.address}\`${vpc.id ? ` (\`${vpc.id}\`)` : ''}`;
  switch (vpc.status) {
    case 'in_sync':
      return [];
    case 'drifted':
      return vpc.fields.map((f) => `| ${who} | \`${f.path}\` | ${cell(f.live)} | ${gitCell(f)} |`);
    case 'missing':
      return [`| ${who} | — | **missing** | ${escape(vpc.message ?? '')} |`];
    case 'error':
      return [`| ${who} | — | **cannot check** | ${escape(vpc.message ?? '')} |`];
    default:
      return assertNever(vpc.status, 'drift status');
  }
}

function gitCell(f: FieldDrift): string {
  return f.managed ? cell(f.desired) : '_not managed_';
}

/** Live values come from the cloud (a console edit): `inlineCode` keeps a backtick in them from closing the span. */
function cell(value: unknown): string {
  return inlineCode(escape(formatDriftValue(value)));
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
