// Lint with typescript-eslint, plus the layer rules of docs/architecture.md:
//   shared/   imports no node:, no DOM-only module, no electron, nothing outside shared/
//   renderer/ imports only shared/ and its own files (and its UI libraries)
//   electron  is imported only under electron/shell/ (app entry, window/security setup, IPC binding,
//             preload, safeStorage)
//   electron/core/ (router, events, paths, callers, diagnostics) imports no service, door or shell:
//             the composition root (electron/app/) is the only place that knows every capability
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ELECTRON_ALLOWED = ['electron/shell/**'];

export const layerRules = [
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins.map((name) => ({ name, message: 'shared/ is pure: no Node modules.' })),
          { name: 'electron', message: 'shared/ is pure: no electron.' },
          { name: 'react', message: 'shared/ is pure: no UI.' }],
        patterns: [
          { group: ['node:*'], message: 'shared/ is pure: no Node modules.' },
          { group: ['**/electron/**', '**/renderer/**', '../electron', '../renderer'], message: 'shared/ imports only shared/.' },
          { group: ['react-dom', 'react-dom/*', '@mui/*'], message: 'shared/ is pure: no DOM or UI modules.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'shared/ is pure: no DOM.' },
        { name: 'document', message: 'shared/ is pure: no DOM.' },
        { name: 'process', message: 'shared/ is pure: no Node globals.' },
        { name: 'Buffer', message: 'shared/ is pure: no Node globals.' },
        { name: 'require', message: 'shared/ is pure: no Node globals.' }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins.map((name) => ({ name, message: 'The renderer is sandboxed: no Node modules.' })),
          { name: 'electron', message: 'The renderer talks to the core only through window.hmc / the typed client.' }],
        patterns: [
          { group: ['node:*'], message: 'The renderer is sandboxed: no Node modules.' },
          { group: ['**/electron/**', '../electron', '../../electron'], message: 'renderer/ imports only shared/ and its own files.' },
          { group: ['**/test/**'], message: 'renderer/ imports only shared/ and its own files.' },
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts'],
    ignores: ELECTRON_ALLOWED,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only files under electron/shell/ import electron; services, doors and the core never do.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'Node code does not import the renderer.' }],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only files under electron/shell/ import electron.' }],
        patterns: [
          { group: ['**/renderer/**'], message: 'Node code does not import the renderer.' },
          { group: ['../services/*', '../services/**', '../app/*', '../cli/*', '../cli/**', '../webhost/*', '../shell/*'],
            message: 'electron/core/ is what services build on: it imports no service, door or shell (the composition root in electron/app/ wires them).' },
        ],
      }],
    },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', 'playwright-report/**', 'test/fixtures/lint/**', 'bin/**', 'build/**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-syntax': ['error', {
        selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
        message: 'Documents are attacker-controlled: render text, never HTML.',
      }],
    },
  },
  {
    files: ['renderer/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', localStorage: 'readonly' } },
  },
  {
    files: ['build/**/*.mjs', 'eslint.config.mjs', 'bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...layerRules,
);
