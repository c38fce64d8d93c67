import { batches } from '../../../lambda/src/domain/batching';

describe('batches', () => {
  it('splits by row count', () => {
    const rows = Array.from({ length: 7 }, (_, i) => [i + 1, 'x']);

    expect([...batches(rows, 3)].map((batch) => batch.map((row) => row[0]))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7],
    ]);
  });

  it('starts a new batch before the size cap is exceeded', () => {
    const long = 'y'.repeat(60_000);
    const rows = Array.from({ length: 5 }, (_, i) => [i + 1, long]);

    const sizes = [...batches(rows, 1000, 130_000)].map((batch) => batch.length);

    expect(sizes).toEqual([2, 2, 1]);
  });

  it('keeps an oversized row in a batch of its own rather than dropping it', () => {
    expect([...batches([[1, 'z'.repeat(50)]], 10, 10)]).toEqual([[[1, 'z'.repeat(50)]]]);
  });

  it('yields nothing for no rows', () => {
    expect([...batches([], 10)]).toEqual([]);
  });
});
