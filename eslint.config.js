// Lint keeps the environments apart (VS Code style): the rule is checked, not remembered.
// Babel parses TypeScript here because typescript-eslint does not run on TypeScript 7.
import babelParser from '@babel/eslint-parser';

const parserOptions = {
  requireConfigFile: false,
  babelOptions: {
    babelrc: false,
    configFile: false,
    presets: ['@babel/preset-typescript', '@babel/preset-react'],
    parserOpts: { plugins: ['typescript', 'jsx'] },
  },
};

const noElectron = {
  name: 'electron',
  message: "Only src-main/electron/ may import 'electron': the engine, doors and CLI must run under plain Node.",
};
const noNodeBuiltins = {
  group: ['node:*'],
  message: 'src-shared and src-renderer run anywhere (browser included): no node:* imports.',
};
const nodeBuiltinNames = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'util', 'worker_threads', 'zlib', 'readline', 'events'];

export default [
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'sdk/node/dist/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js'],
    languageOptions: { parser: babelParser, parserOptions, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron] }],
      'no-debugger': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-shared/**', 'src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron, ...nodeBuiltinNames.map((name) => ({ name, message: noNodeBuiltins.message }))], patterns: [noNodeBuiltins] },
      ],
    },
  },
];
