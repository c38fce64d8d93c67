import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/plan-comment/cli';

/** Runs the CLI, collecting what it logs and prints. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const logs: string[] = [];
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => {
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await main(argv, env, (line) => logs.push(line));
    return { code, logs, stdout };
  } finally {
    process.stdout.write = write;
  }
}

describe('npm run plan-comment', () => {
  it('answers --help (and no command) with its usage, exit 0', async () => {
    for (const argv of [['--help'], [], ['render', '--help']]) {
      const { code, stdout } = await run(argv);

      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage:\n {2}npm run plan-comment -- render --stack <id>/);
      expect(stdout).toContain('Exit codes: 0 done, 2 bad input');
    }
  });

  it('exits 2 with one line naming the problem for missing options and unknown commands', async () => {
    const cases = [
      [['render', '--run-url', 'https://x'], '--stack is required'],
      [['render', '--stack', 'dev'], '--run-url is required'],
      [['publish'], 'Unknown command "publish": use render, post or drift-issue'],
      [['render', '--stack', 'dev', '--run-url', 'https://x', '--colour'], "Unknown option '--colour'"],
    ] as const;
    for (const [argv, problem] of cases) {
      const { code, logs } = await run([...argv]);

      expect(code).toBe(2);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toContain(problem);
      expect(logs[0]).not.toContain('\n');
    }
  });

  it('reads and writes relative paths from the directory npm was run in (INIT_CWD)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-comment-paths-'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify({ format_version: '1.2', resource_changes: [] }));

    const { code } = await run(
      ['render', '--stack', 'dev', '--run-url', 'https://x', '--plan', 'plan.json', '--out', 'dev.md'],
      { INIT_CWD: dir },
    );

    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'dev.md'), 'utf8')).toContain('### ✅ `dev`: no changes');
  });

  it("evaluates a data-filter change against sql/schema.sql in the stack's source database", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-comment-filter-'));
    const integration = (filter: string) => ({ integration_name: 'zero-etl-dev', data_filter: filter });
    const plan = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_rds_integration.integration',
          mode: 'managed',
          type: 'aws_rds_integration',
          name: 'integration',
          change: {
            actions: ['delete', 'create'],
            before: integration('include: jsonplaceholder.*'),
            after: integration('include: jsonplaceholder.*, exclude: jsonplaceholder.todos'),
          },
        },
      ],
    };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));

    const { code } = await run(
      ['render', '--stack', 'dev', '--run-url', 'https://x', '--plan', 'plan.json', '--out', 'dev.md'],
      { INIT_CWD: dir },
    );

    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'dev.md'), 'utf8')).toContain(
      '> - **removed** from the Redshift target, their data deleted: `jsonplaceholder.todos`',
    );
  });
});
