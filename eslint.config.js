// Lint: typescript-eslint's recommended rules, plus the layering rule of STYLE.md:
// the collections core is pure and imports no I/O, web framework, queue or connector.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  'express',
  'bull',
  'ioredis',
  'pg',
  '@electric-sql/pglite',
  '@electric-sql/pglite-socket',
  'nodemailer',
  'node-quickbooks',
  'xero-node',
  '@hubspot/api-client',
  'pino',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.relance',
      '.scratch',
      'coverage',
      'test-artifacts',
      'ui-extension/**/dist',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/**/*.mjs', 'test/**/*.mjs', '.ci/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({ name, message: 'src/core is pure: no I/O here (STYLE.md).' })),
          patterns: [
            {
              group: ['**/store/**', '**/jobs/**', '**/http/**', '**/channels/**', '**/connectors/**'],
              message: 'src/core imports nothing outside the core.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core does not read the environment.' },
        { name: 'fetch', message: 'src/core does no I/O.' },
      ],
    },
  },
);
