/**
 * The project's Python tools (checkov, zizmor, sqlfluff, moto, awscli) in `.venv/`, installed from
 * the hash-pinned `requirements-dev.txt`. `ensurePythonTools()` is idempotent: a stamp file holds
 * the hash of the requirements and the interpreter it was built with, so a re-run with neither
 * changed returns at once; anything else rebuilds `.venv/` from scratch.
 *
 * pip installs one package, uv, pinned in the same file with its hashes; uv then installs the whole
 * file (the same exact versions and hashes). pip took 94–115 s for the 136 packages on a 2-core
 * machine, uv about 20 s, bytecode included: it downloads and compiles in parallel.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, REQUIREMENTS_FILE, VENV_DIR } from '../paths';

/** Written last by a successful install: `<sha256 of requirements-dev.txt> <python version>`. */
export const STAMP_FILE = join(VENV_DIR, '.requirements-dev.stamp');
export const MIN_PYTHON = { major: 3, minor: 11 } as const;

const INSTALL_HINT =
  'Install Python 3.11 or later with its venv module (Debian/Ubuntu: sudo apt-get install python3 python3-venv), ' +
  'or set ZERO_ETL_PYTHON to such an interpreter.';

export class PythonToolsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PythonToolsError';
  }
}

/** Path of a console script installed in `.venv/bin`; a clear error when the tools are not installed. */
export function pythonTool(name: string): string {
  const path = join(VENV_DIR, 'bin', name);
  if (!existsSync(path) || !existsSync(STAMP_FILE)) {
    throw new PythonToolsError(
      `${name} is not installed in ${VENV_DIR}. Run \`npm run setup:python\` (npm test runs it first).`,
    );
  }
  return path;
}

export interface Interpreter {
  readonly command: string;
  readonly version: string;
}

/** Finds the interpreter (`ZERO_ETL_PYTHON`, else `python3`) and checks its version and venv module. */
export function findInterpreter(env: NodeJS.ProcessEnv = process.env): Interpreter {
  const command = env.ZERO_ETL_PYTHON?.trim() || 'python3';
  const probe = spawnSync(
    command,
    ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); import venv, ensurepip'],
    { encoding: 'utf8' },
  );
  if (probe.error) {
    const where = command.includes('/') ? '' : ' on PATH';
    throw new PythonToolsError(`${command} was not found${where}. ${INSTALL_HINT}`);
  }
  const version = probe.stdout.trim();
  const [major, minor] = version.split('.').map(Number);
  if (!(major > MIN_PYTHON.major || (major === MIN_PYTHON.major && minor >= MIN_PYTHON.minor))) {
    throw new PythonToolsError(`${command} is Python ${version || '(unknown)'}. ${INSTALL_HINT}`);
  }
  if (probe.status !== 0) {
    // Debian and Ubuntu ship ensurepip (which `python3 -m venv` needs) in a separate package.
    throw new PythonToolsError(
      `${command} (Python ${version}) cannot create virtual environments: ${probe.stderr.trim().split('\n').pop()}. ` +
        INSTALL_HINT,
    );
  }
  return { command, version };
}

/** The installer pip puts into `.venv/` first; it installs the rest of requirements-dev.txt. */
export const INSTALLER = 'uv';

/**
 * One package's entry in a pip-compile'd requirements file: its `name==version` line and the `--hash`
 * continuation lines that follow (comments dropped), as a file pip installs with --require-hashes.
 */
export function requirementBlock(requirements: string, name: string): string {
  const lines = requirements.split('\n');
  const start = lines.findIndex((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}==`));
  if (start === -1) {
    throw new PythonToolsError(
      `${name} is not pinned in requirements-dev.txt: add it to requirements-dev.in and recompile (see its header).`,
    );
  }
  const block = [lines[start]];
  for (let index = start; index + 1 < lines.length && lines[index].trimEnd().endsWith('\\'); index++)
    block.push(lines[index + 1]);
  return `${block.join('\n')}\n`;
}

/** The stamp a complete install of `requirementsFile` with `interpreter` writes. */
export function expectedStamp(requirementsFile: string, interpreter: Interpreter): string {
  const hash = createHash('sha256').update(readFileSync(requirementsFile)).digest('hex');
  return `${hash} ${interpreter.version}\n`;
}

function run(command: string, args: string[], log: (line: string) => void, hint = ''): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(output);
      log(output.split('\n').slice(-40).join('\n'));
      reject(
        new PythonToolsError(
          `${command} ${args.join(' ')} exited with ${code} (output above).${hint ? ` ${hint}` : ''}`,
        ),
      );
    });
  });
}

export interface EnsureResult {
  /** False when the stamp matched and nothing was done. */
  readonly installed: boolean;
  readonly python: string;
  readonly seconds: number;
}

/** Creates `.venv/` from `requirements-dev.txt` unless the stamp shows it is already current. */
export async function ensurePythonTools(
  log: (line: string) => void = (line) => console.error(line),
): Promise<EnsureResult> {
  const started = Date.now();
  const interpreter = findInterpreter();
  const stamp = expectedStamp(REQUIREMENTS_FILE, interpreter);
  if (existsSync(STAMP_FILE) && readFileSync(STAMP_FILE, 'utf8') === stamp) {
    return { installed: false, python: interpreter.version, seconds: 0 };
  }
  log(`python-tools: creating .venv/ with Python ${interpreter.version} from requirements-dev.txt …`);
  rmSync(VENV_DIR, { recursive: true, force: true });
  await run(interpreter.command, ['-m', 'venv', VENV_DIR], log);
  // Exact versions and hashes only, at both steps; nothing outside requirements-dev.txt gets installed.
  const installerRequirements = join(VENV_DIR, 'installer-requirements.txt');
  writeFileSync(installerRequirements, requirementBlock(readFileSync(REQUIREMENTS_FILE, 'utf8'), INSTALLER));
  await run(
    join(VENV_DIR, 'bin', 'pip'),
    [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--require-hashes',
      '--no-deps',
      '-r',
      installerRequirements,
    ],
    log,
  );
  await run(
    join(VENV_DIR, 'bin', INSTALLER),
    [
      'pip',
      'install',
      '--quiet',
      '--python',
      join(VENV_DIR, 'bin', 'python'),
      '--require-hashes',
      '--no-deps',
      // Bytecode now, as pip does: where PYTHONDONTWRITEBYTECODE is set (CI images often set it),
      // every awscli call and local-cloud start would otherwise compile its imports again.
      '--compile-bytecode',
      '-r',
      REQUIREMENTS_FILE,
    ],
    log,
    'uv reads its package index from UV_DEFAULT_INDEX or UV_INDEX_URL, not from pip.conf: set one when PyPI is reached through a mirror.',
  );
  writeFileSync(STAMP_FILE, stamp);
  const seconds = (Date.now() - started) / 1000;
  log(`python-tools: installed in ${seconds.toFixed(1)} s`);
  return { installed: true, python: interpreter.version, seconds };
}
