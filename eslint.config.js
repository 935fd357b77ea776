import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'db/migrations/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      'vue/no-v-html': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // No import cycles: resolved like TypeScript does (`.ts` extensions, the web's `@/` paths, workspace
    // packages), through Vue SFCs too. Type-only imports are ignored: they vanish at run time.
    plugins: { 'import-x': importX },
    // import-x parses a Vue SFC it reaches with these options too: its <script lang="ts"> needs the TS parser.
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.vue'],
      'import-x/parsers': { 'vue-eslint-parser': ['.vue'], '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          noWarnOnMultipleProjects: true,
          project: [
            'web/tsconfig.json',
            'server/tsconfig.json',
            'shared/tsconfig.json',
            'db/tsconfig.json',
            'tests/tsconfig.json',
          ],
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Components call the API through a store or composable, never an `api` module of their own.
    files: ['web/src/**/*.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api', '**/api.ts'],
              allowTypeImports: true,
              message: 'Call the API from the feature store or a composable, not from a component.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
