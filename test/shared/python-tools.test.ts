/**
 * The Python tool setup (`npm run setup:python`): which interpreter it accepts, what it says when
 * there is none, and the stamp that makes a second run instant.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INSTALLER,
  MIN_PYTHON,
  PythonToolsError,
  STAMP_FILE,
  expectedStamp,
  findInterpreter,
  pythonTool,
  requirementBlock,
} from '../../shared/python-tools';
import { REQUIREMENTS_FILE } from '../../paths';

describe('python tools setup', () => {
  it('names what to install when there is no python3', () => {
    const missing = () => findInterpreter({ ZERO_ETL_PYTHON: '/nonexistent/python3' });
    expect(missing).toThrow(PythonToolsError);
    expect(missing).toThrow(
      /^\/nonexistent\/python3 was not found\. Install Python 3\.11 or later .*apt-get install python3 python3-venv/,
    );
  });

  it('accepts the machine python3 (3.11 or later, with venv and ensurepip)', () => {
    const { command, version } = findInterpreter({});
    expect(command).toBe('python3');
    const [major, minor] = version.split('.').map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(MIN_PYTHON.major * 100 + MIN_PYTHON.minor);
  });

  it('stamps the hash of requirements-dev.txt and the interpreter, so any change rebuilds .venv/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'python-tools-'));
    try {
      const file = join(dir, 'requirements.txt');
      writeFileSync(file, readFileSync(REQUIREMENTS_FILE));
      const python = { command: 'python3', version: '3.11.7' };
      const stamp = expectedStamp(file, python);
      expect(stamp).toMatch(/^[0-9a-f]{64} 3\.11\.7\n$/);
      expect(expectedStamp(file, { ...python, version: '3.12.1' })).not.toBe(stamp);
      writeFileSync(file, `${readFileSync(file, 'utf8')}# edited\n`);
      expect(expectedStamp(file, python)).not.toBe(stamp);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('installs the installer (uv) from its own lines of requirements-dev.txt: the pin and every hash, nothing else', () => {
    const block = requirementBlock(readFileSync(REQUIREMENTS_FILE, 'utf8'), INSTALLER);
    const [pin, ...hashes] = block.trimEnd().split('\n');

    expect(pin).toMatch(/^uv==\d+\.\d+\.\d+ \\$/);
    expect(hashes.length).toBeGreaterThan(1);
    for (const line of hashes) expect(line).toMatch(/^ {4}--hash=sha256:[0-9a-f]{64}( \\)?$/);
    expect(hashes.at(-1)).not.toMatch(/\\$/);
  });

  it('names the fix when the installer is not pinned', () => {
    expect(() => requirementBlock('moto==5.2.5 \\\n    --hash=sha256:00\n', 'uv')).toThrow(
      /^uv is not pinned in requirements-dev\.txt: add it to requirements-dev\.in and recompile/,
    );
  });

  it('has installed this checkout exactly as requirements-dev.txt says (npm test ran the setup)', () => {
    expect(readFileSync(STAMP_FILE, 'utf8')).toBe(expectedStamp(REQUIREMENTS_FILE, findInterpreter({})));
    for (const tool of ['checkov', 'zizmor', 'sqlfluff', 'moto_server', 'aws', INSTALLER]) {
      expect(pythonTool(tool)).toMatch(/\.venv\/bin\//);
    }
    expect(() => pythonTool('not-a-tool')).toThrow(/Run `npm run setup:python`/);
  });
});
