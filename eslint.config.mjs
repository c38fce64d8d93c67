import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import restrictions: the provider package by subpath only, and the folders' direction
// (CONTRIBUTING.md): rules/ imports nothing; lambda/ nothing of the project but sql/; stacks/ no
// tooling; cli/ and local/ use rules/ and shared/, never each other; shared/ serves them all.
const PROVIDER_ROOT = {
  paths: [
    {
      name: '@cdktf/provider-aws',
      message:
        "Import provider resources by subpath (e.g. '@cdktf/provider-aws/lib/rds-cluster'): the package root loads every resource (seconds and >1 GB).",
    },
  ],
  patterns: [
    {
      regex: '^@cdktf/provider-aws/lib(/index(\\.js)?)?/?$',
      message: "Import a single resource subpath such as '@cdktf/provider-aws/lib/vpc', not the lib index.",
    },
  ],
};

const intoFolders = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const PREFLIGHT_INTERNALS = {
  regex: '(^|/)shared/preflight/.+',
  message: 'Use the preflight through shared/preflight (its index), not its internals.',
};

/** no-restricted-imports options: the provider rule plus `patterns`. */
function importRules(...patterns) {
  return { paths: PROVIDER_ROOT.paths, patterns: [...PROVIDER_ROOT.patterns, ...patterns] };
}

const DIRECTIONS = [
  {
    files: ['rules/**/*.ts'],
    patterns: [
      {
        regex: '^(?!\\./)',
        message: 'rules/ is pure: it imports nothing outside rules/ (no packages, no I/O).',
      },
    ],
  },
  {
    files: ['lambda/**/*.ts'],
    patterns: [
      {
        regex: intoFolders(['rules', 'stacks', 'cli', 'local', 'shared', 'scripts', 'bench', 'test']),
        message: 'The Lambda bundles only lambda/ and sql/schema.sql.',
      },
    ],
  },
  {
    files: ['stacks/**/*.ts', 'main.ts'],
    patterns: [
      {
        regex: intoFolders(['cli', 'local', 'shared', 'bench', 'test']),
        message:
          'stacks/ builds infrastructure from rules/ and lambda/; tooling depends on it, not the reverse.',
      },
    ],
  },
  {
    files: ['shared/**/*.ts'],
    patterns: [
      {
        regex: intoFolders(['cli', 'local', 'stacks', 'bench', 'test']),
        message: 'shared/ serves the CLIs, the emulator, tests and benchmarks: it depends on none of them.',
      },
    ],
  },
  {
    files: ['cli/**/*.ts'],
    patterns: [
      {
        regex: intoFolders(['local', 'bench', 'test']),
        message: 'A CLI uses rules/ and shared/, never the emulator.',
      },
      {
        regex: '^\\.\\./(?!\\.)',
        message: 'A CLI never imports another CLI: move what both need to shared/.',
      },
      PREFLIGHT_INTERNALS,
    ],
  },
  {
    files: ['local/**/*.ts'],
    patterns: [
      {
        regex: intoFolders(['cli', 'bench', 'test']),
        message: 'The emulator uses rules/ and shared/, never a CLI.',
      },
      PREFLIGHT_INTERNALS,
    ],
  },
];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'cdktf.out/', 'dist/', 'coverage/', '.gen/', '.local/', '.venv/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', importRules()],
    },
  },
  ...DIRECTIONS.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', importRules(...patterns)] },
  })),
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip)$/]',
          message: 'No focused or skipped tests.',
        },
        {
          selector: 'CallExpression[callee.name=/^(fit|fdescribe|xit|xdescribe|xtest)$/]',
          message: 'No focused or skipped tests.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
