import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'app/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only server/config.ts reads the environment.',
        },
      ],
    },
  },
  {
    // The engine talks to Sage and Zoho only through gateway interfaces, and to storage only
    // through the stores it declares (server/sync/stores.ts), which server/db implements.
    files: ['server/sync/**/*.ts'],
    ignores: ['server/sync/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['soap', 'knex', '../sage/*', '../zoho/*', '../../sage/*', '../../zoho/*'],
              message: 'The engine talks to Sage and Zoho only through server/sync/gateways.ts.',
            },
            {
              group: ['../db/*', '../../db/*', '../../../db/*'],
              message:
                'The engine declares its stores in server/sync/stores.ts; server/db implements them.',
            },
          ],
        },
      ],
    },
  },
  {
    // The test harness wires the real repositories to the engine, as the composition root does.
    files: ['server/sync/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['soap', '../sage/*', '../zoho/*', '../../sage/*', '../../zoho/*'] },
      ],
    },
  },
  {
    // The agent ships on its own to the customer's Sage server: it may not import the backend.
    files: ['agent/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['../server/*', '../../server/*', '../sim/*', '../../sim/*'] },
      ],
    },
  },
  {
    files: [
      'server/config.ts',
      '**/*.test.ts',
      'test/**/*.ts',
      'bench/**/*.ts',
      'sim/**/cli.ts',
      'agent/cli.ts',
      'vitest.config.ts',
      'widget/build.ts',
      'scripts/*.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
