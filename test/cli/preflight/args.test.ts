import { parsePreflightArgs } from '../../../cli/preflight/args';
import { PreflightUsageError } from '../../../shared/preflight';

describe('parsePreflightArgs', () => {
  it('reads the URL, a comma-separated database list and --json', () => {
    const command = parsePreflightArgs([
      '--url',
      'mysql://root@db:3306/',
      '--databases',
      'app, crm',
      '--json',
    ]);

    expect(command).toEqual({
      help: false,
      json: true,
      options: { url: 'mysql://root@db:3306/', databases: ['app', 'crm'], schemaFile: undefined },
    });
  });

  it('reads --schema-file relative to the directory npm was run in', () => {
    expect(
      parsePreflightArgs(['--url', 'mysql://root@db/', '--schema-file', 'sql/schema.sql'], {
        INIT_CWD: '/home/me/project',
      }).options,
    ).toEqual({
      url: 'mysql://root@db/',
      databases: undefined,
      schemaFile: '/home/me/project/sql/schema.sql',
    });
  });

  it.each([
    [[], /--url is required/],
    [['--url', 'mysql://x/', '--verbose'], /Unknown option '--verbose'/],
    [['--url', 'mysql://x/', '--databases', ' , '], /--databases needs at least one database name/],
    [['--url', 'mysql://x/', '--databases', 'a', '--schema-file', 's.sql'], /exclude each other/],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parsePreflightArgs(argv)).toThrow(PreflightUsageError);
    expect(() => parsePreflightArgs(argv)).toThrow(message);
    expect(() => parsePreflightArgs(argv)).not.toThrow(/\n/);
  });

  it('asks for help without requiring --url', () => {
    expect(parsePreflightArgs(['--help']).help).toBe(true);
  });
});
