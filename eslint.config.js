import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // sdk/schema.d.ts is generated (npm run sdk); test/sdk checks it is current.
  { ignores: ['node_modules/**', 'data/**', '.tmp/**', 'sdk/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The H5 login page's own script runs in the player's browser.
    files: ['src/**/assets/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        URL: 'readonly',
        FormData: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  {
    // Tests read JSON responses whose shape is exactly what they assert.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
