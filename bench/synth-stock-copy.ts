/**
 * Builds the "stock" copy of the app for the synth benchmark: the same main.ts and stacks/, with
 * every provider import rewritten to the package root (`import { vpc } from '@cdktf/provider-aws'`),
 * the way cdktf's templates and docs write them, run with ts-node.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SUBPATH_IMPORT = /^import \{([^}]+)\} from '@cdktf\/provider-aws\/lib\/([a-z0-9-]+)';$/gm;

/** `rds-cluster` → `rdsCluster`: the namespace the package root exports for that subpath. */
export function namespaceOf(subpath: string): string {
  return subpath.replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase());
}

/** Rewrites subpath imports to root imports (type and value both keep working via import aliases). */
export function toRootImports(source: string): string {
  return source.replace(SUBPATH_IMPORT, (_line, names: string, subpath: string) => {
    const namespace = namespaceOf(subpath);
    const alias = `__${namespace}`;
    const aliases = names
      .split(',')
      .map((name) => name.replace(/^\s*type\s+/, '').trim())
      .filter(Boolean)
      .map((name) => `import ${name} = ${alias}.${name};`);
    return [`import { ${namespace} as ${alias} } from '@cdktf/provider-aws';`, ...aliases].join('\n');
  });
}

function rewriteTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) rewriteTree(source, target);
    else if (entry.name.endsWith('.ts')) writeFileSync(target, toRootImports(readFileSync(source, 'utf8')));
    else cpSync(source, target);
  }
}

/** cdktf's TypeScript template settings, on ES2022 like ours (ts-node type-checks with them). */
const STOCK_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'CommonJS',
    lib: ['es2022'],
    types: ['node'],
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    stripInternal: true,
  },
};

/** Creates the copy in `dir` (replacing it) and returns the path of its main.ts. */
export function createStockCopy(projectRoot: string, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  rewriteTree(join(projectRoot, 'stacks'), join(dir, 'stacks'));
  for (const file of ['main.ts', 'paths.ts']) cpSync(join(projectRoot, file), join(dir, file));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(STOCK_TSCONFIG, null, 2));
  // Same Lambda sources, scripts, schema and lockfile: both variants synthesize identical stacks.
  for (const shared of ['lambda', 'rules', 'scripts', 'sql', 'package-lock.json']) {
    symlinkSync(join(projectRoot, shared), join(dir, shared));
  }
  return join(dir, 'main.ts');
}
