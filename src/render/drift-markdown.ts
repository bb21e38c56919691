import type { DriftReport, FieldDrift, VpcDrift } from '../drift/types.js';
import { driftExitCode } from '../drift/types.js';
import { assertNever } from '../errors/index.js';
import { formatDriftValue } from './drift-values.js';
import { GITHUB_COMMENT_LIMIT, inlineCode } from './markdown.js';
import { fileFlags } from './drift-text.js';

export interface DriftMarkdownOptions {
  /** Stay under this many characters (GitHub comments: 65,535). */
  maxChars?: number;
}

/**
 * The drift report as GitHub-flavoured markdown (a step summary, an issue, a PR comment). When it does
 * not fit in `maxChars`, the rows past the limit are left out and a note says how many and where the
 * whole report is; the heading, the counts and the way out always stay.
 */
export function renderDriftMarkdown(report: DriftReport, options: DriftMarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const s = report.summary;
  const code = driftExitCode(s);
  const title =
    code === 0 ? '## ✅ vpcform drift: in sync' : code === 2 ? '## ⚠️ vpcform drift: drift detected' : '## ❌ vpcform drift: check incomplete';
  const lines = [
    title,
    '',
    `${s.vpcs} VPC(s): **${s.in_sync}** in sync, **${s.drifted}** drifted, **${s.missing}** missing${s.unwanted > 0 ? `, **${s.unwanted}** should be absent` : ''}${s.error > 0 ? `, **${s.error}** cannot be checked` : ''}. Checked at ${report.checked_at}.`,
  ];
  const body: string[] = [];
  for (const file of report.files) {
    body.push('', `### \`${file.path}\``, '', `Target: \`${file.target.endpoint}\`, project \`${file.target.project_id}\``, '');
    const rows = file.vpcs.flatMap(rowsOf);
    if (rows.length === 0) {
      body.push('Every VPC matches the file.');
      continue;
    }
    body.push('| VPC | field | live has | git says |', '|---|---|---|---|', ...rows);
  }
  const footer =
    code === 2
      ? ['', `To heal: \`vpcform plan ${fileFlags(report)}\` then \`vpcform apply ${fileFlags(report)}\`. To accept the live values: update the file and commit.`]
      : [];
  const fixed = lengthOf(lines) + lengthOf(footer) + TRUNCATION_RESERVE;
  let used = 0;
  let omitted = 0;
  for (const line of body) {
    if (omitted === 0 && fixed + used + line.length + 1 <= maxChars) {
      lines.push(line);
      used += line.length + 1;
    } else if (line.startsWith('| `')) omitted += 1;
  }
  if (omitted > 0) {
    lines.push('', `_${omitted} more row(s) not shown, to stay under the comment size limit: \`vpcform drift --json\` has the whole report._`);
  }
  lines.push(...footer);
  return `${lines.join('\n')}\n`;
}

/** Room kept for the note on rows left out. */
const TRUNCATION_RESERVE = 200;

function lengthOf(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
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
    case 'unwanted':
      return [`| ${who} | — | **should be absent** | ${escape(vpc.message ?? '')} |`];
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
