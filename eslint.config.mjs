import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

// The provider package by subpath only: the package root loads every resource (seconds and >1 GB).
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

/**
 * The map (CONTRIBUTING.md): which folder may import which. Each entry: the folder whose files it
 * governs, the project paths they must not import, and why. Paths are repository-relative prefixes;
 * a file is governed by its most specific folder. `rules ← shared ← data plane ← front doors`; the
 * two front doors (`local/pipeline`, `local/cloud`) never import each other, and no CLI imports either.
 */
const ALL = [
  'rules',
  'lambda',
  'stacks',
  'shared',
  'local',
  'cli',
  'scripts',
  'bench',
  'test',
  'paths',
  'main',
];
const FRONT_DOORS = ['local/pipeline', 'local/cloud'];
const DIRECTIONS = [
  {
    folder: 'rules',
    forbidden: ALL.filter((name) => name !== 'rules'),
    why: 'rules/ is pure: it imports nothing outside rules/ (no packages, no I/O).',
  },
  {
    folder: 'lambda',
    forbidden: ALL.filter((name) => name !== 'lambda'),
    why: 'The Lambda bundles only lambda/ and sql/schema.sql.',
  },
  {
    folder: 'stacks',
    forbidden: ['cli', 'local', 'shared', 'bench', 'test', 'main'],
    why: 'stacks/ builds infrastructure from rules/ and lambda/; tooling depends on it, not the reverse.',
  },
  {
    folder: 'main.ts',
    forbidden: ['cli', 'local', 'shared', 'bench', 'test'],
    why: 'main.ts only builds the app from the configuration and synthesizes.',
  },
  {
    folder: 'shared',
    forbidden: ['cli', 'local', 'stacks', 'bench', 'test', 'main'],
    why: 'shared/ is tooling for everything else: it depends on none of it (rules ← shared ← data plane ← front doors).',
  },
  {
    folder: 'local/dataplane',
    forbidden: [...FRONT_DOORS, 'cli', 'stacks', 'bench', 'test', 'main'],
    why: 'The data plane is a library for the front doors (npm start, the local cloud); it imports neither.',
  },
  {
    folder: 'local/pipeline',
    forbidden: ['local/cloud', 'cli', 'bench', 'test', 'main'],
    why: 'npm start (the local pipeline) is a front door on the data plane: it never imports the local cloud.',
  },
  {
    folder: 'local/cloud',
    forbidden: ['local/pipeline', 'cli', 'bench', 'test', 'main'],
    why: 'The local cloud is a front door on the data plane: it never imports npm start (the local pipeline).',
  },
  {
    folder: 'cli',
    forbidden: [...FRONT_DOORS, 'bench', 'test', 'main'],
    why: 'A CLI uses rules/, shared/ and the data plane, never a front door (npm start, the local cloud).',
  },
];

const isUnder = (path, prefix) => path === prefix || path.startsWith(`${prefix}/`) || path === `${prefix}.ts`;

/** The governing direction of a repository-relative file: its most specific folder. */
function directionOf(file) {
  return DIRECTIONS.filter(({ folder }) => isUnder(file, folder)).sort(
    (a, b) => b.folder.length - a.folder.length,
  )[0];
}

const importDirection = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = relative(ROOT, context.filename);
    const direction = directionOf(file);
    const cliFolder = /^cli\/([^/]+)\//.exec(file)?.[1];
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(ROOT, resolve(dirname(context.filename), source));
      if (target.startsWith('..')) return;
      const hit = direction?.forbidden.find((prefix) => isUnder(target, prefix));
      if (hit) {
        context.report({ node, message: `${direction.why} (${file} imports ${target})` });
      } else if (cliFolder && isUnder(target, 'cli') && !isUnder(target, `cli/${cliFolder}`)) {
        context.report({
          node,
          message: `A CLI never imports another CLI: move what both need to shared/. (${file} imports ${target})`,
        });
      } else if (
        !isUnder(file, 'shared/preflight') &&
        isUnder(target, 'shared/preflight') &&
        target !== 'shared/preflight' &&
        target !== 'shared/preflight/index'
      ) {
        context.report({
          node,
          message: `Use the preflight through shared/preflight (its index), not its internals. (${file} imports ${target})`,
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

/** Packages rules/ may not import either (it is pure). */
const RULES_IMPORT_NOTHING = {
  regex: '^(?!\\./)',
  message: 'rules/ is pure: it imports nothing outside rules/ (no packages, no I/O).',
};

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
    plugins: { project: { rules: { 'import-direction': importDirection } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', PROVIDER_ROOT],
      'project/import-direction': 'error',
    },
  },
  {
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: PROVIDER_ROOT.paths, patterns: [...PROVIDER_ROOT.patterns, RULES_IMPORT_NOTHING] },
      ],
    },
  },
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
