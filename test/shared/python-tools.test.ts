/**
 * The Python tool setup (`npm run setup:python`): which interpreter it accepts, what it says when
 * there is none, and the stamp that makes a second run instant.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MIN_PYTHON,
  PythonToolsError,
  STAMP_FILE,
  expectedStamp,
  findInterpreter,
  pythonTool,
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

  it('has installed this checkout exactly as requirements-dev.txt says (npm test ran the setup)', () => {
    expect(readFileSync(STAMP_FILE, 'utf8')).toBe(expectedStamp(REQUIREMENTS_FILE, findInterpreter({})));
    for (const tool of ['checkov', 'zizmor', 'sqlfluff', 'moto_server', 'aws']) {
      expect(pythonTool(tool)).toMatch(/\.venv\/bin\//);
    }
    expect(() => pythonTool('not-a-tool')).toThrow(/Run `npm run setup:python`/);
  });
});
