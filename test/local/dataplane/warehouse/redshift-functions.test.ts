/**
 * Redshift functions on the embedded warehouse, as the Amazon Redshift Database Developer Guide
 * describes them ("GETDATE function"): SQL written for Redshift runs unchanged.
 */
import { Warehouse } from '../../../../local/dataplane/warehouse/warehouse';

/** PostgreSQL's type OID for `timestamp without time zone`. */
const TIMESTAMP_OID = 1114;

const wholeSecond = (date: Date) => Math.floor(date.getTime() / 1000) * 1000;

describe('Redshift functions on the warehouse', () => {
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await Warehouse.open();
  }, 60_000);

  afterAll(() => warehouse.close());

  it('GETDATE() returns the current time as a TIMESTAMP without time zone, in whole seconds', async () => {
    const before = wholeSecond(new Date());
    const result = await warehouse.execute('SELECT GETDATE() AS now');
    const after = Date.now();

    expect(result.fields).toEqual([{ name: 'now', dataTypeID: TIMESTAMP_OID }]);
    const now = result.rows[0][0] as Date;
    expect(now.getTime() % 1000).toBe(0);
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
    expect(now.getTime()).toBeLessThanOrEqual(after);
  });

  it('GETDATE() works as a column default under any search path (the deploy bookkeeping table)', async () => {
    await warehouse.query(
      `CREATE SCHEMA ops;
       CREATE TABLE ops.applied (id INT, created_at TIMESTAMP NOT NULL DEFAULT GETDATE());
       INSERT INTO applied (id) VALUES (1);`,
      'ops',
    );

    const { rows } = await warehouse.query('SELECT id, created_at FROM ops.applied');

    expect(rows).toEqual([{ id: 1, created_at: expect.any(Date) }]);
  });

  it("GETDATE() is the current statement's start, also inside a transaction block", async () => {
    const [first, second] = await warehouse.transaction(async (execute) => {
      const a = await execute('SELECT GETDATE()');
      await execute('SELECT pg_sleep(1.05)');
      const b = await execute('SELECT GETDATE()');
      return [a.rows[0][0] as Date, b.rows[0][0] as Date];
    });

    expect(second.getTime()).toBeGreaterThan(first.getTime());
  });
});
