/**
 * What a stack copy for the local cloud leaves out: resource types it does not serve, deploy steps
 * whose scripts need what it does not serve yet, and, by reference, everything that needs them
 * (resources, data sources, outputs). Pure: JSON in, JSON out.
 *
 * References are found inside `${…}` interpolations, scanned with balanced braces and quoted
 * strings (a `jsonencode({…})` dashboard body nests both), so a reference is never missed or
 * invented by a regex that stops at the first `}`. `depends_on` entries are ordering only: a block
 * that merely depends on a left-out block is kept and the entry is removed (and reported).
 */

/**
 * The one list of resource types the local cloud cannot serve, with the reason: none. Everything a
 * stack synthesizes is applied; the local-cloud specification pins what the copies leave out.
 */
export const UNSUPPORTED_RESOURCE_TYPES: Readonly<Record<string, string>> = {};

/**
 * Deploy steps (terraform_data local-exec provisioners, named by their script) a local cloud
 * WITHOUT its data plane cannot run, with the reason. Only `create-integration-database`: it sends
 * CREATE DATABASE … FROM INTEGRATION through the Redshift Data API, which needs a warehouse that runs
 * SQL. The local-cloud tier and `npm run local-cloud -- deploy` run with the data plane and keep
 * every step (`runEveryDeployStep`); copies for a local cloud without it leave this one out.
 */
export const UNSUPPORTED_DEPLOY_STEPS: Readonly<Record<string, string>> = {
  'create-integration-database':
    "runs SQL through the Redshift Data API, which needs the local cloud's data plane: copies without it leave the step out (the tier and npm run local-cloud -- deploy run with it and keep it)",
};

export interface Unsupported {
  /** Resource type → why. @default UNSUPPORTED_RESOURCE_TYPES */
  readonly types?: Readonly<Record<string, string>>;
  /** Deploy-step script → why. @default UNSUPPORTED_DEPLOY_STEPS */
  readonly deploySteps?: Readonly<Record<string, string>>;
}

/** The script a terraform_data deploy step runs (the last word of its local-exec command), if any. */
export function deployStepScript(body: Json): string | undefined {
  const provisioners = (body.provisioner ?? []) as Array<Record<string, { command?: string }>>;
  const command = provisioners.map((provisioner) => provisioner['local-exec']?.command).find(Boolean);
  return command ? /([\w-]+)"?$/.exec(command)?.[1] : undefined;
}

type Json = Record<string, unknown>;

export interface LeftOutBlock {
  /** `aws_x.name`, `data.aws_x.name` or `output.name`. */
  readonly address: string;
  /** `type aws_x: <why>` or `references <address>, …`. */
  readonly reason: string;
}

export interface PruneResult {
  /** The stack configuration without the left-out blocks (a copy; the input is not modified). */
  readonly config: Json;
  readonly leftOut: readonly LeftOutBlock[];
  /** Kept blocks whose `depends_on` named a left-out block: address → the removed entries. */
  readonly dependsOnRemoved: Readonly<Record<string, readonly string[]>>;
}

/** Start and end offsets of every top-level `${…}` body in `text` (`$${` is a literal). */
export function interpolations(text: string): Array<[start: number, end: number]> {
  const found: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length - 1) {
    if (text[i] !== '$' || text[i + 1] !== '{' || text[i - 1] === '$') {
      i++;
      continue;
    }
    const start = i + 2;
    // A stack of contexts: expressions count their open braces, strings may nest `${…}` again.
    const stack: Array<{ kind: 'expr'; depth: number } | { kind: 'string' }> = [{ kind: 'expr', depth: 0 }];
    let j = start;
    for (; j < text.length && stack.length > 0; j++) {
      const top = stack[stack.length - 1];
      const c = text[j];
      if (top.kind === 'expr') {
        if (c === '"') stack.push({ kind: 'string' });
        else if (c === '{') top.depth++;
        else if (c === '}') {
          if (top.depth > 0) top.depth--;
          else {
            stack.pop();
            if (stack.length === 0) break;
          }
        }
      } else if (c === '\\') j++;
      else if (c === '"') stack.pop();
      else if (c === '$' && text[j + 1] === '{') {
        stack.push({ kind: 'expr', depth: 0 });
        j++;
      }
    }
    if (stack.length > 0) {
      throw new Error(`unbalanced interpolation at offset ${i}: ${text.slice(i, i + 80)}…`);
    }
    found.push([start, j]);
    i = j + 1;
  }
  return found;
}

const REFERENCE = /\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

function strings(node: unknown, skip: ReadonlySet<string>): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap((item) => strings(item, skip));
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => (skip.has(key) ? [] : strings(value, skip)));
  }
  return [];
}

/** The block addresses (among `known`) that the expressions of `body` refer to. */
export function referencedAddresses(body: unknown, known: ReadonlySet<string>): Set<string> {
  const refs = new Set<string>();
  for (const text of strings(body, new Set(['//', 'depends_on']))) {
    for (const [start, end] of interpolations(text)) {
      for (const match of text.slice(start, end).matchAll(REFERENCE)) {
        const address = `${match[1] ?? ''}${match[2]}.${match[3]}`;
        if (known.has(address)) refs.add(address);
      }
    }
  }
  return refs;
}

interface Block {
  readonly address: string;
  readonly section: 'resource' | 'data' | 'output';
  readonly type?: string;
  readonly name: string;
  readonly body: Json;
}

function blocksOf(config: Json): Block[] {
  const typed = (section: 'resource' | 'data') =>
    Object.entries((config[section] ?? {}) as Record<string, Record<string, Json>>).flatMap(
      ([type, byName]) =>
        Object.entries(byName).map(([name, body]) => ({
          address: `${section === 'data' ? 'data.' : ''}${type}.${name}`,
          section,
          type,
          name,
          body,
        })),
    );
  const outputs = Object.entries((config.output ?? {}) as Record<string, Json>).map(([name, body]) => ({
    address: `output.${name}`,
    section: 'output' as const,
    name,
    body,
  }));
  return [...typed('resource'), ...typed('data'), ...outputs];
}

/**
 * Leaves out every resource of an unsupported type, every unsupported deploy step and,
 * transitively, every block referring to one.
 */
export function pruneForLocalCloud(stackConfig: Json, unsupported: Unsupported = {}): PruneResult {
  const types = unsupported.types ?? UNSUPPORTED_RESOURCE_TYPES;
  const deploySteps = unsupported.deploySteps ?? UNSUPPORTED_DEPLOY_STEPS;
  const config = structuredClone(stackConfig);
  const blocks = blocksOf(config);
  const known = new Set(blocks.map((block) => block.address));
  const refs = new Map(blocks.map((block) => [block.address, referencedAddresses(block.body, known)]));

  const reasons = new Map<string, string>();
  for (const block of blocks) {
    if (block.section === 'resource' && block.type && block.type in types) {
      reasons.set(block.address, `type ${block.type}: ${types[block.type]}`);
    }
    const script = block.type === 'terraform_data' ? deployStepScript(block.body) : undefined;
    if (script && script in deploySteps) {
      reasons.set(block.address, `deploy step ${script}: ${deploySteps[script]}`);
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const block of blocks) {
      if (reasons.has(block.address)) continue;
      const hit = [...refs.get(block.address)!].filter((address) => reasons.has(address)).sort();
      if (hit.length > 0) {
        reasons.set(block.address, `references ${hit.join(', ')}`);
        changed = true;
      }
    }
  }

  const dependsOnRemoved: Record<string, string[]> = {};
  for (const block of blocks) {
    const container =
      block.section === 'output'
        ? (config.output as Record<string, Json>)
        : (config[block.section] as Record<string, Record<string, Json>>)[block.type!];
    if (reasons.has(block.address)) {
      delete container[block.name];
      if (block.section !== 'output' && Object.keys(container).length === 0) {
        delete (config[block.section] as Json)[block.type!];
      }
      continue;
    }
    const dependsOn = block.body.depends_on as string[] | undefined;
    const removed = (dependsOn ?? []).filter((address) => reasons.has(address));
    if (removed.length > 0) {
      const kept = dependsOn!.filter((address) => !reasons.has(address));
      if (kept.length > 0) block.body.depends_on = kept;
      else delete block.body.depends_on;
      dependsOnRemoved[block.address] = removed;
    }
  }

  const leftOut = [...reasons].map(([address, reason]) => ({ address, reason }));
  leftOut.sort((a, b) => a.address.localeCompare(b.address));
  return { config, leftOut, dependsOnRemoved };
}
