import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The watch stage's rule in eslint.config.js still bites (as test/layout/boundaries.test.ts checks the others). */
const eslint = new ESLint();

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('no-restricted-')).map((m) => m.message);
}

describe('src/watch/ stage boundary', () => {
  it.each([
    "import type { CliIO } from '../cli/io.js';",
    "import { paint } from '../render/paint.js';",
    "import { startEmulator } from '../emulator/index.js';",
    "import { render } from 'ink';",
    "import axios from 'axios';",
  ])('may not %s', async (code) => {
    expect(await restricted('src/watch/x.ts', code)).toHaveLength(1);
  });

  it('may use drift, refresh, plan, apply, cloud types and io, and never exits', async () => {
    for (const code of [
      "import { checkDrift } from '../drift/check-drift.js';",
      "import { makePlan } from '../refresh/make-plan.js';",
      "import { applyPlan } from '../apply/apply-plan.js';",
      "import type { CloudClient } from '../cloud/types.js';",
      "import { loadDesired } from '../io/read-desired.js';",
      "import { createServer } from 'node:http';",
    ]) {
      expect(await restricted('src/watch/x.ts', code)).toEqual([]);
    }
    expect(await restricted('src/watch/x.ts', 'process.exit(0);')).toHaveLength(1);
  });
});
