import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The stage boundaries of eslint.config.js, checked by linting one-line files placed in each room: a
 * rule that silently stopped matching (a renamed folder, a broken pattern) fails here, not in review.
 */
const eslint = new ESLint();

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('no-restricted-')).map((m) => m.message);
}

const crossings: Array<[string, string]> = [
  ['src/apply/x.ts', "import type { CliIO } from '../cli/io.js';"],
  ['src/apply/x.ts', "import { paint } from '../render/paint.js';"],
  ['src/plan/x.ts', "import type { CloudClient } from '../cloud/types.js';"],
  ['src/plan/x.ts', "import { refresh } from '../refresh/refresh.js';"],
  ['src/diff/x.ts', "import type { CloudClient } from '../cloud/types.js';"],
  ['src/model/x.ts', "import type { CloudClient } from '../cloud/types.js';"],
  ['src/config/x.ts', "import type { LiveVpc } from '../model/vpc.js';"],
  ['src/demo/x.ts', "import { run } from '../cli/main.js';"],
  ['src/drift/x.ts', "import type { CliIO } from '../cli/io.js';"],
  ['src/render/x.ts', "import type { CloudClient } from '../cloud/types.js';"],
  ['src/plan/x.ts', "import { readFile } from 'node:fs/promises';"],
  ['src/apply/x.ts', "import { render } from 'ink';"],
];

describe('stage boundaries (eslint.config.js)', () => {
  it.each(crossings)('%s may not %s', async (file, code) => {
    expect(await restricted(file, `${code}\nexport {};\n`)).toHaveLength(1);
  });

  it('lets each stage import what lies below it', async () => {
    expect(await restricted('src/plan/x.ts', "import type { LiveVpc } from '../model/vpc.js';\nexport {};\n")).toEqual([]);
    expect(await restricted('src/refresh/x.ts', "import type { CloudClient } from '../cloud/types.js';\nexport {};\n")).toEqual([]);
    expect(await restricted('src/cli/apply/x.ts', "import { paint } from '../../render/paint.js';\nexport {};\n")).toEqual([]);
  });

  it('lets only src/cli/ exit the process', async () => {
    expect(await restricted('src/apply/x.ts', 'process.exit(1);\n')).toHaveLength(1);
    expect(await restricted('src/cli/x.ts', 'process.exit(1);\n')).toEqual([]);
  });
});
