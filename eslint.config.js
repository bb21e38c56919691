import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// config/, diff/ and plan/ are the pure core: no I/O, no HTTP, no UI.
const pureCoreBans = {
  patterns: [
    { group: ['axios', 'axios/*'], message: 'The pure core does no HTTP: go through CloudClient.' },
    { group: ['ink', 'ink/*', 'react', 'react/*'], message: 'The pure core does not render.' },
    { group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process'], message: 'The pure core does no I/O.' },
  ],
};

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
  {
    files: ['src/**'],
    ignores: ['src/cloud/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['axios', 'axios/*'], message: 'Only src/cloud/ talks HTTP through axios.' }] }] },
  },
  {
    files: ['src/config/**', 'src/diff/**', 'src/plan/**'],
    rules: { 'no-restricted-imports': ['error', pureCoreBans] },
  },
);
