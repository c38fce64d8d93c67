import { processRecords } from '../../../lambda/src/domain/record-processor';
import { RESOURCE_SPECS } from '../../../lambda/src/domain/resources';
import { validateRecord } from '../../../lambda/src/domain/validate';
import { generateDataset } from '../../../local/dataplane/fixtures/dataset';

const { users, posts, todos } = generateDataset(3, { users: 2, posts: 4, todos: 2 });

describe('validateRecord', () => {
  it('flattens a user into its table columns, keeping decimals exact', () => {
    const user = { ...users[0], address: { ...users[0].address, geo: { lat: '-37.3159', lng: '81.1496' } } };

    const result = validateRecord(RESOURCE_SPECS.users, user);

    expect(result).toEqual({
      ok: true,
      id: user.id,
      row: [
        user.id,
        user.name,
        user.username,
        user.email,
        user.phone,
        user.website,
        user.address.street,
        user.address.suite,
        user.address.city,
        user.address.zipcode,
        '-37.3159',
        '81.1496',
        user.company.name,
        user.company.catchPhrase,
        user.company.bs,
      ],
    });
  });

  it('maps booleans to 0 and 1', () => {
    const done = validateRecord(RESOURCE_SPECS.todos, { ...todos[0], completed: true });
    const open = validateRecord(RESOURCE_SPECS.todos, { ...todos[0], completed: false });

    expect(done.ok && done.row[3]).toBe(1);
    expect(open.ok && open.row[3]).toBe(0);
  });

  it.each([
    [{ id: 0 }, '"id" must be an integer from 1 to 2147483647, got number 0'],
    [{ id: 2 ** 31 }, '"id" must be an integer from 1 to 2147483647, got number 2147483648'],
    [{ userId: null }, '"userId" must be an integer from 1 to 2147483647, got null'],
    [{ title: undefined }, '"title" is missing'],
    [{ title: 42 }, '"title" must be a string, got number 42'],
    [{ title: 'é'.repeat(257) }, '"title" is too long: 514 bytes, at most 512'],
    [{ title: 'bad \ud83d surrogate' }, '"title" is not valid UTF-8 (lone surrogate)'],
  ])('rejects a post with %j', (patch, reason) => {
    const result = validateRecord(RESOURCE_SPECS.posts, { ...posts[0], ...patch });

    expect(result).toMatchObject({ ok: false, reason });
  });

  it('accepts a title of exactly 512 bytes of 4-byte characters', () => {
    const result = validateRecord(RESOURCE_SPECS.posts, { ...posts[0], title: '🚀'.repeat(128) });

    expect(result.ok).toBe(true);
  });

  it.each([
    ['91.0000', /from -90 to 90/],
    ['12.12345678', /at most 7 decimals/],
    ['1e3', /decimal/],
    ['', /decimal/],
  ])('rejects latitude "%s"', (lat, reason) => {
    const user = { ...users[0], address: { ...users[0].address, geo: { lat, lng: '0' } } };

    expect(validateRecord(RESOURCE_SPECS.users, user)).toMatchObject({ ok: false, reason });
  });

  it('rejects a missing nested object by its path', () => {
    const { company: _company, ...rest } = users[0];

    expect(validateRecord(RESOURCE_SPECS.users, rest)).toMatchObject({
      ok: false,
      reason: '"company.name" is missing',
    });
  });
});

describe('processRecords', () => {
  it('keeps the first record of a duplicated id and rejects the others', () => {
    const result = processRecords(RESOURCE_SPECS.posts, [
      posts[0],
      { ...posts[0], title: 'again' },
      posts[1],
    ]);

    expect(result.rows.map((row) => row[2])).toEqual([posts[0].title, posts[1].title]);
    expect(result.rejections).toEqual([
      {
        resource: 'posts',
        id: posts[0].id,
        reason: `duplicate id ${posts[0].id}: an earlier record with this id was kept`,
      },
    ]);
    expect(result.fetched).toBe(3);
  });

  it('rejects orphans: a parent id that is not stored', () => {
    const result = processRecords(RESOURCE_SPECS.posts, posts, new Set([1]));

    const orphans = posts.filter((p) => p.userId !== 1);
    expect(result.rows).toHaveLength(posts.length - orphans.length);
    expect(result.rejections).toEqual(
      orphans.map((p) => ({
        resource: 'posts',
        id: p.id,
        reason: `orphan: user_id ${p.userId} is not a stored users id`,
      })),
    );
  });

  it('rejects non-objects without an id', () => {
    const result = processRecords(RESOURCE_SPECS.todos, [null, [1], 'todo']);

    expect(result.rejections.map((r) => [r.id, r.reason])).toEqual([
      [undefined, 'expected an object, got null'],
      [undefined, 'expected an object, got array'],
      [undefined, 'expected an object, got string'],
    ]);
  });
});
