import { parseDuration, parseStartArgs, DEFAULT_INTERVAL_MS } from '../../../local/pipeline/args';
import { UsageError } from '../../../local/dataplane/errors';

describe('npm start arguments', () => {
  it('defaults to a throwaway server, the fixture API, one run and a 5 minute schedule', () => {
    expect(parseStartArgs([], {})).toEqual({
      mysqlUrl: undefined,
      apiUrl: undefined,
      database: 'jsonplaceholder',
      seed: 42,
      watch: false,
      intervalMs: DEFAULT_INTERVAL_MS,
      help: false,
    });
  });

  it('takes the server from MYSQL_URL and the database from its path', () => {
    expect(parseStartArgs([], { MYSQL_URL: 'mysql://root@127.0.0.1:3306/shop' })).toMatchObject({
      mysqlUrl: 'mysql://root@127.0.0.1:3306/shop',
      database: 'shop',
    });
  });

  it('parses --watch with an --interval in s, m, h or milliseconds', () => {
    expect(parseStartArgs(['--watch', '--interval', '90s'], {}).intervalMs).toBe(90_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1500')).toBe(1500);
  });

  it('rejects unknown flags, bad intervals and --interval without --watch with a usage error', () => {
    expect(() => parseStartArgs(['--wach'], {})).toThrow(UsageError);
    expect(() => parseStartArgs(['--watch', '--interval', 'soon'], {})).toThrow(
      /--interval must be a duration/,
    );
    expect(() => parseStartArgs(['--interval', '5m'], {})).toThrow(/only applies with --watch/);
    expect(() => parseStartArgs(['--api', 'ftp://x'], {})).toThrow(/--api must be an http/);
  });
});
