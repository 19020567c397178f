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
    // The engine talks to Sage and Zoho only through gateway interfaces.
    files: ['server/sync/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['soap', 'knex', '../sage/*', '../zoho/*', '../../sage/*', '../../zoho/*'] },
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
