import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * The stages and the rooms they live in (README "How the code is laid out"). Each folder of src/ may
 * import only the stages below it; these rules keep it so. A pattern names a top-level folder of src/
 * as it appears in a relative import (`../cloud/types.js`, `../../cli/io.js`).
 */
const folder = (...names) => `(^|/)(${names.join('|')})/`;

const noAxios = { group: ['axios', 'axios/*'], message: 'Only src/cloud/ talks HTTP through axios.' };
const noUi = { group: ['ink', 'ink/*', 'react', 'react/*'], message: 'Only src/render/ (and the CLI that picks a renderer) draws.' };
const noIo = {
  group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process'],
  message: 'The pure core does no I/O.',
};
const banFolders = (names, message) => ({ regex: folder(...names), message });

const stage = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns: [noAxios, ...patterns] }] } });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**', 'src/**/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { ...stage(['src/**'], []), ignores: ['src/cloud/**'] },
  {
    files: ['src/**'],
    ignores: ['src/cli/**'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'exit', message: 'Only src/cli/ exits: return an exit code or throw a VpcformError.' }] },
  },
  // The pure core: text in, values out.
  stage(['src/config/**'], [noUi, noIo, banFolders(['model', 'cloud', 'refresh', 'diff', 'plan', 'apply', 'drift', 'import', 'render', 'cli', 'demo', 'emulator'], 'config/ is the first stage: it imports only errors/.')]),
  stage(['src/model/**'], [noUi, noIo, banFolders(['cloud', 'refresh', 'diff', 'plan', 'apply', 'drift', 'import', 'render', 'cli', 'demo', 'emulator'], 'model/ is plain data shared by every stage: it depends on none of them.')]),
  stage(['src/diff/**', 'src/plan/**'], [noUi, noIo, banFolders(['cloud', 'refresh', 'apply', 'drift', 'import', 'render', 'cli', 'demo', 'emulator'], 'diff/ and plan/ are pure: the live state comes in as a value from refresh/ (src/model/live-state.ts).')]),
  // Stages that talk to the cloud through CloudClient, and know no screen and no command line.
  stage(['src/refresh/**'], [noUi, banFolders(['apply', 'drift', 'import', 'render', 'cli', 'demo', 'emulator'], 'refresh/ reads the cloud into the live state; it knows no later stage, screen or CLI.')]),
  stage(['src/apply/**'], [noUi, banFolders(['render', 'cli', 'demo', 'emulator', 'drift', 'import'], 'The apply engine emits events; it knows no screen and no CLI (command wiring lives in src/cli/apply/).')]),
  stage(['src/drift/**', 'src/import/**'], [noUi, banFolders(['render', 'cli', 'demo', 'emulator', 'apply'], 'drift/ and import/ compute values; the CLI renders and writes them (src/cli/drift/, src/cli/import/).')]),
  stage(['src/watch/**'], [noUi, banFolders(['render', 'cli', 'demo', 'emulator', 'import'], 'The watch loop emits events and serves metrics; it knows no screen and no CLI (command wiring lives in src/cli/watch/).')]),
  stage(['src/render/**'], [banFolders(['cloud', 'refresh', 'cli', 'demo', 'emulator'], 'Renderers are pure consumers of plans, events and reports.')]),
  stage(['src/demo/**'], [{ regex: '(^|/)cli/main(\\.js)?$', message: 'The demo is handed the CLI runner (DemoOptions.run); importing main would make a cycle.' }]),
);
