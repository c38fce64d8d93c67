import { postgresTypeFor, toWarehouseValue } from '../../../../local/dataplane/warehouse/types';

describe('warehouse types', () => {
  it('translates Redshift-only types to PostgreSQL', () => {
    expect(['SUPER', 'VARBYTE(8)', 'DECIMAL(10,7)', 'VARCHAR(65535)'].map(postgresTypeFor)).toEqual([
      'JSONB',
      'BYTEA',
      'NUMERIC(10,7)',
      'VARCHAR(65535)',
    ]);
  });

  it('normalises source values: dates as UTC text, JSON objects as text, zero dates as NULL', () => {
    expect(toWarehouseValue(new Date('2026-01-02T03:04:05.678Z'), 'TIMESTAMP')).toBe(
      '2026-01-02 03:04:05.678',
    );
    expect(toWarehouseValue(new Date('2026-01-02T00:00:00Z'), 'DATE')).toBe('2026-01-02');
    expect(toWarehouseValue({ a: 1 }, 'JSONB')).toBe('{"a":1}');
    expect(toWarehouseValue('0000-00-00 00:00:00', 'TIMESTAMP')).toBeNull();
    expect(toWarehouseValue(2024, 'VARCHAR(4)')).toBe('2024');
  });
});
