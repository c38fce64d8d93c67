/**
 * `npm run local-cloud -- deploy dev` as a user runs it, in a child process with a private TMPDIR:
 * it goes through every phase (the local cloud with its data plane, the real Terraform applied with
 * every deploy step, a clean second plan, the ingestion invoked as its schedule does,
 * scripts/verify-replication), prints the replication report with every table Synced, destroys,
 * exits 0, and leaves nothing behind: no MariaDB server of its own and nothing in its TMPDIR.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESOURCE_NAMES } from '../../../lambda/src/constants';
import { PROJECT_ROOT } from '../../../paths';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

const DEPLOY_TIMEOUT_MS = 8 * 60_000;

function deploy(privateTmp: string): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/cloud/cli.ts', 'deploy', 'dev'],
      { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: privateTmp }, timeout: DEPLOY_TIMEOUT_MS },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: unknown }).code ?? 1) : 0,
          stdout,
          stderr,
          seconds: (Date.now() - started) / 1000,
        }),
    );
  });
}

/** Command lines of running mariadbd processes whose files are under `folder`. */
function mariadbdUnder(folder: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes('mariadbd') && line.includes(folder));
}

describe('npm run local-cloud -- deploy dev', () => {
  let privateTmp: string;
  let run: Run;

  beforeAll(async () => {
    privateTmp = mkdtempSync(join(tmpdir(), 'zero-etl-deploy-spec-'));
    run = await deploy(privateTmp);
    process.stdout.write(`deploy dev took ${run.seconds.toFixed(1)} s\n`);
  }, DEPLOY_TIMEOUT_MS + 30_000);

  afterAll(() => {
    rmSync(privateTmp, { recursive: true, force: true });
  });

  it('goes through every phase and exits 0', () => {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr + run.stdout }).toEqual({
      code: 0,
      stderr: '',
    });
    const phases = [...run.stdout.matchAll(/^\[\d+\.\ds\] (.+): done$/gm)].map((match) => match[1]);
    expect(phases).toEqual([
      'start the local cloud with its data plane',
      'start the fixture API',
      'synthesize and copy the dev stack',
      'terraform init',
      'terraform apply (every resource, every deploy step with the AWS CLI)',
      'terraform plan (a second plan is clean)',
      'invoke zero-etl-dev-ingest as its schedule does',
      'scripts/verify-replication (waits until every table is Synced)',
      'terraform destroy',
    ]);
    expect(run.stdout).toMatch(
      /^ingestion source: http:\/\/127\.0\.0\.1:\d+\/ \(the fixture API server; API_BASE_URL/m,
    );
  });

  it("prints verify-replication's report: every table Synced with equal counts", () => {
    for (const table of RESOURCE_NAMES) {
      expect(run.stdout).toMatch(new RegExp(`^\\s*${table}\\b.*\\bSynced\\b`, 'm'));
    }
  });

  it('leaves no MariaDB server and nothing in its TMPDIR', () => {
    expect(mariadbdUnder(privateTmp)).toEqual([]);
    // tsx (the loader `npm run` uses) keeps its compile cache in TMPDIR by design; nothing else may stay.
    expect(readdirSync(privateTmp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  });
});
