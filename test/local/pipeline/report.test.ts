import { renderSummary } from '../../../local/pipeline/report';

describe('terminal output', () => {
  it('summarises table states (a Failed one with its reason and fix), row counts, snapshot, changes and lag', () => {
    const updatedAt = new Date(0);
    const text = renderSummary({
      states: [
        { table: 'users', state: 'Synced', reason: '', fix: '', updatedAt },
        {
          table: 'audit',
          state: 'Failed',
          reason: 'S1 app.audit: no primary key',
          fix: 'add a PRIMARY KEY',
          updatedAt,
        },
      ],
      rowCounts: new Map([['users', 10]]),
      snapshotRows: 4,
      snapshotMs: 12,
      changesApplied: 6,
      lag: { samples: 3, p50: 5, p95: 1500 },
    });

    expect(text.split('\n')).toEqual([
      'Integration tables (like SVV_INTEGRATION_TABLE_STATE):',
      'TABLE  STATE   ROWS  REASON',
      `-----  ------  ----  ${'-'.repeat(52)}`,
      'users  Synced  10',
      'audit  Failed  -     S1 app.audit: no primary key. Fix: add a PRIMARY KEY',
      '1 Synced, 1 Failed; snapshot 4 rows in 12 ms; 6 changes replicated from the binlog; ' +
        'replication lag p50 5 ms, p95 1.5 s (3 samples).',
    ]);
  });
});
