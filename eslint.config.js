// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** DESIGN.md's layout table, as import rules: which folder may import what. */
function boundary(files, { forbidFolders = [], forbidPackages = [], message }) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbidPackages.map((name) => ({ name, message })),
          patterns: [
            ...forbidFolders.map((folder) => ({ group: [`**/${folder}`, `**/${folder}/**`], message })),
            ...(forbidPackages.includes('fs') ? [{ group: ['node:*'], message }] : []),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['.bench/**', 'out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.js', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // expect.any / expect.stringMatching are typed `any` by design.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  boundary(['shared/**'], {
    forbidFolders: ['renderer', 'electron', 'server', 'cli', 'test', 'bench'],
    forbidPackages: ['react', 'react-dom', 'dexie', 'electron', ...nodeModules],
    message: 'shared/ is the pure domain: no DOM, Node, React, Dexie or Electron (DESIGN.md).',
  }),
  {
    // Pure means no clock either: dates are passed in (DEVELOPERS.md, Style).
    files: ['shared/**'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'fetch', 'setTimeout', 'setInterval', 'performance'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'shared/ reads no clock: pass the date in.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'shared/ reads no clock and uses plain ISO dates.' }],
    },
  },
  boundary(['renderer/**'], {
    forbidFolders: ['electron', 'server', 'cli', 'test', 'bench'],
    forbidPackages: ['electron', ...nodeModules],
    message: 'renderer/ reaches Electron only through renderer/platform and never touches Node (DESIGN.md).',
  }),
  boundary(['electron/**'], {
    forbidFolders: ['renderer', 'server', 'cli', 'test', 'bench'],
    forbidPackages: ['react', 'react-dom', 'dexie'],
    message: 'electron/ is main and preload only; it imports shared/ and nothing else of ours (DESIGN.md).',
  }),
  boundary(['server/**'], {
    forbidFolders: ['renderer', 'electron', 'cli', 'test', 'bench'],
    forbidPackages: ['react', 'react-dom', 'dexie', 'electron'],
    message: 'server/ imports shared/ only (DESIGN.md).',
  }),
);
