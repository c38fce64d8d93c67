/**
 * Runs a Python snippet against the local cloud's package (`local/cloud/server/local_cloud`) with
 * the project's `.venv/` interpreter: for what only the Python side can show (its guards, its model
 * checks on invented answers). Resolves with exit code, stdout and stderr.
 */
import { execFile } from 'node:child_process';
import { LOCAL_CLOUD_SERVER_DIR } from '../../paths';
import { pythonTool } from '../../shared/python-tools';

export interface PythonRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runLocalCloudPython(code: string): Promise<PythonRun> {
  return new Promise((resolve) => {
    execFile(
      pythonTool('python'),
      ['-c', code],
      {
        env: {
          ...process.env,
          PYTHONPATH: LOCAL_CLOUD_SERVER_DIR,
          PYTHONDONTWRITEBYTECODE: '1',
          MOTO_ACCOUNT_ID: '111111111111',
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const exit = error
          ? typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : 1
          : 0;
        resolve({ code: exit, stdout, stderr });
      },
    );
  });
}

/** The JSON a snippet printed last. */
export async function pythonJson<T>(code: string): Promise<T> {
  const run = await runLocalCloudPython(code);
  if (run.code !== 0) throw new Error(`python exited ${run.code}:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
}
