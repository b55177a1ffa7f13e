// ESLint (flat config) with typescript-eslint: the recommended rules, with the few that this code
// base decides otherwise explained beside them. Formatting is Prettier's job (.prettierrc.json).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-cli/',
      'public/',
      'test-results/',
      'playwright-report/',
      'e2e/.tmp/',
      'bench/results/',
      '**/__fixtures__/',
      'e2e/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: {
        window: 'readonly',
        document: 'readonly',
        self: 'readonly',
        globalThis: 'readonly',
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      // Unused names are errors, except the conventional `_` prefix for a deliberately ignored argument.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // JS globals are checked by TypeScript (lib.dom / @types/node), which knows them better than a list here.
      'no-undef': 'off',
      // Control characters are what safe-path, launch-query and R marker checks look for on purpose.
      'no-control-regex': 'off',
      // Lines fit a side-by-side review. Prettier wraps code at 120; this catches comments, which it
      // leaves alone. Long strings, templates, URLs and patterns stay whole: breaking them hurts more.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
      // A `let` read by a closure made before its one assignment cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter: `async ({}, use)` is its idiom.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
)
