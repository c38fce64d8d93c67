/** `npm run zero-etl -- filter-impact <env> --filter … --offline`: a filter change evaluated against sql/schema.sql. */
import { main } from '../../../cli/zero-etl/cli';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('zero-etl filter-impact --offline', () => {
  it('lists the tables a narrower filter removes, and says the integration is replaced and re-seeded', async () => {
    const { code, out } = await run([
      'filter-impact',
      'dev',
      '--filter',
      'include: jsonplaceholder.*, exclude: jsonplaceholder.photos',
      '--offline',
    ]);

    expect(code).toBe(0);
    expect(out).toMatch(/removed \(their data is deleted from the target\): jsonplaceholder\.photos$/m);
    expect(out).toMatch(/added \(created and seeded in the target\):\s+\(none\)$/m);
    expect(out).toContain('Applying it REPLACES the integration');
  });

  it('answers in JSON for machines', async () => {
    const { code, out } = await run([
      'filter-impact',
      'prod',
      '--filter',
      'exclude: jsonplaceholder.todos',
      '--offline',
      '--json',
    ]);

    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      environment: 'prod',
      currentFilter: 'include: jsonplaceholder.*',
      newFilter: 'exclude: jsonplaceholder.todos',
      added: [],
      removed: ['jsonplaceholder.todos'],
      replacesIntegration: true,
      tablesFrom: 'sql/schema.sql',
    });
  });

  it('says an unchanged filter changes nothing', async () => {
    const { out } = await run([
      'filter-impact',
      'dev',
      '--filter',
      'include: jsonplaceholder.*',
      '--offline',
    ]);

    expect(out).toContain('The filter is unchanged: applying it changes nothing.');
  });

  it.each([
    [
      ['filter-impact', 'staging', '--filter', 'include: a.*', '--offline'],
      'unknown environment "staging": stacks/config/environments.ts has dev, prod',
    ],
    [
      ['filter-impact', 'dev', '--filter', 'include jsonplaceholder', '--offline'],
      '--filter has malformed patterns "include jsonplaceholder"',
    ],
    [['filter-impact', 'dev', '--offline'], 'filter-impact needs --filter'],
    [['refresh', 'dev'], 'refresh needs exactly one of --tables a,b, --failed or --all'],
    [['refresh', 'dev', '--failed', '--all'], 'refresh needs exactly one of'],
    [['refresh', 'dev', '--failed', '--timeout', 'soon'], '--timeout must look like 90s, 30m or 2h'],
    [['status'], 'name the environment (one of dev, prod)'],
    [
      ['filter-impact', 'dev', '--filter', 'include: a.*', '--offline', '--color'],
      "Unknown option '--color'",
    ],
    [['explain', 'dev'], 'unknown command "explain"'],
  ])('refuses %j in one line (exit 2)', async (argv, problem) => {
    const { code, err } = await run(argv);

    expect(code).toBe(2);
    expect(err).toContain(problem);
    expect(err).not.toContain('\n');
  });

  it('answers --help with the usage (exit 0)', async () => {
    const { code, out } = await run(['--help']);

    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: npm run zero-etl -- <command> <environment> \[options\]/);
  });
});
