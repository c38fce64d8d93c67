import { filterDecision, filterImpact, parseDataFilter } from '../../rules';

const decide = (filter: string, database: string, table: string) =>
  filterDecision(parseDataFilter(filter), database, table);

describe('which tables a data filter replicates (T3)', () => {
  it('replicates a whole database with include: db.*, and nothing else', () => {
    expect(decide('include: app.*', 'app', 'posts')).toEqual({
      replicated: true,
      decidedBy: 'include: app.*',
    });
    expect(decide('include: app.*', 'crm', 'posts')).toEqual({ replicated: false });
  });

  it('lets the last matching pattern decide', () => {
    const filter = 'include: app.*, exclude: app.tmp_*, include: app.tmp_keep';

    expect(decide(filter, 'app', 'posts').replicated).toBe(true);
    expect(decide(filter, 'app', 'tmp_scratch')).toEqual({
      replicated: false,
      decidedBy: 'exclude: app.tmp_*',
    });
    expect(decide(filter, 'app', 'tmp_keep').replicated).toBe(true);
  });

  it('replicates what matches nothing when the filter only excludes', () => {
    expect(decide('exclude: app.audit', 'app', 'posts').replicated).toBe(true);
    expect(decide('exclude: app.audit', 'app', 'audit').replicated).toBe(false);
  });

  it('reads /…/ as a regular expression and * as any run of characters, matching whole names', () => {
    expect(decide('include: /app_\\d+/.*', 'app_42', 'posts').replicated).toBe(true);
    expect(decide('include: /app_\\d+/.*', 'app_x', 'posts').replicated).toBe(false);
    expect(decide('include: app.post*', 'app', 'posts').replicated).toBe(true);
    expect(decide('include: app.post', 'app', 'posts').replicated).toBe(false);
    expect(decide('include: a.b', 'aXb', 'b').replicated).toBe(false); // a literal dot, not any character
  });

  it('says which tables a changed filter adds, removes and keeps', () => {
    const tables = ['app.posts', 'app.photos', 'app.users', 'crm.leads'];

    expect(
      filterImpact('include: app.*', 'include: app.*, exclude: app.photos, include: crm.*', tables),
    ).toEqual({
      added: ['crm.leads'],
      removed: ['app.photos'],
      kept: ['app.posts', 'app.users'],
    });
  });

  it('refuses a malformed pattern', () => {
    expect(() => parseDataFilter('include app.*')).toThrow('malformed data filter pattern "include app.*"');
  });
});
