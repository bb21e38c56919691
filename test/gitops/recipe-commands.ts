/**
 * Reads the vpcform commands out of the CI recipes in examples/ci/, job by job, so the recipe test
 * runs exactly what a pipeline would. Only `npx vpcform …` lines are taken (the rest is CI plumbing:
 * checkout, npm ci, comments); each must be one simple command, optionally redirecting stdout.
 */

export interface RecipeCommand {
  /** The line as written in the recipe. */
  line: string;
  /** Arguments after `npx vpcform`, quotes removed and `$VARS` expanded. */
  argv: string[];
  /** `> FILE` (write) or `>> FILE` (append) of stdout. */
  redirect?: { path: string; append: boolean };
}

type Env = Readonly<Record<string, string | undefined>>;

const GITLAB_RESERVED = new Set(['default', 'variables', 'stages', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);

/** GitHub Actions: job id -> the lines of its steps' `run` scripts, in order. */
export function githubJobLines(doc: unknown): Map<string, string[]> {
  const jobs = (doc as { jobs?: Record<string, { steps?: Array<{ run?: string }> }> }).jobs ?? {};
  const out = new Map<string, string[]>();
  for (const [id, job] of Object.entries(jobs)) {
    out.set(id, (job.steps ?? []).flatMap((step) => (typeof step.run === 'string' ? step.run.split('\n') : [])));
  }
  return out;
}

/** GitLab CI: job name -> the lines of its `script` (not before/after_script), in order. */
export function gitlabJobLines(doc: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, job] of Object.entries(doc as Record<string, unknown>)) {
    if (GITLAB_RESERVED.has(name) || name.startsWith('.') || typeof job !== 'object' || job === null) continue;
    const script = (job as { script?: unknown }).script;
    const items = Array.isArray(script) ? script : typeof script === 'string' ? [script] : [];
    out.set(name, items.flatMap((item) => String(item).split('\n')));
  }
  return out;
}

export function vpcformCommands(lines: readonly string[], env: Env): RecipeCommand[] {
  const out: RecipeCommand[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line.startsWith('npx vpcform ')) continue;
    const words = shellWords(line, env);
    const argv = words.slice(2);
    const redirectAt = argv.findIndex((w) => w === '>' || w === '>>');
    if (redirectAt === -1) {
      out.push({ line, argv });
      continue;
    }
    const path = argv[redirectAt + 1];
    if (path === undefined || redirectAt + 2 !== argv.length) throw new Error(`recipe line too clever for the test: ${line}`);
    out.push({ line, argv: argv.slice(0, redirectAt), redirect: { path, append: argv[redirectAt] === '>>' } });
  }
  return out;
}

/** A small POSIX-ish word splitter: quotes, `$VAR`/`${VAR}` (not in single quotes); refuses pipes and chains. */
export function shellWords(line: string, env: Env): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  const push = (s: string) => (word = (word ?? '') + s);
  const expand = (): string => {
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(line.slice(i));
    if (!m) {
      i += 1;
      return '$';
    }
    i += m[0].length;
    const name = (m[1] ?? m[2]) as string;
    const value = env[name];
    if (value === undefined) throw new Error(`recipe uses $${name}, which the test does not provide`);
    return value;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
      i += 1;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unbalanced quote: ${line}`);
      push(line.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      i += 1;
      push('');
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '$') push(expand());
        else push(line[i++] as string);
      }
      if (line[i] !== '"') throw new Error(`unbalanced quote: ${line}`);
      i += 1;
    } else if (c === '$') {
      push(expand());
    } else if ('|&;<`'.includes(c) || (c === '(' && word === undefined)) {
      throw new Error(`recipe line too clever for the test (${c}): ${line}`);
    } else if (c === '>') {
      if (word !== undefined) words.push(word);
      word = undefined;
      const op = line[i + 1] === '>' ? '>>' : '>';
      words.push(op);
      i += op.length;
    } else {
      push(c);
      i += 1;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
