/**
 * What each JSONPlaceholder resource looks like and where it goes: the JSON path of every column in
 * `sql/schema.sql`, its type and size, and the foreign key to its parent. Pure data, one place.
 */
import { RESOURCE_NAMES, type ResourceName } from '../constants';

export type FieldType =
  /** INT NOT NULL, a positive id (1 … 2^31-1). */
  | { readonly kind: 'id' }
  /** VARCHAR(n) / TEXT, limited in UTF-8 bytes: Redshift sizes VARCHAR in bytes (S8). */
  | { readonly kind: 'text'; readonly maxBytes: number }
  /** DECIMAL(p, scale) given as a JSON string (JSONPlaceholder's geo), |value| ≤ limit. */
  | { readonly kind: 'decimal'; readonly scale: number; readonly limit: number }
  /** TINYINT(1) from a JSON boolean. */
  | { readonly kind: 'boolean' };

export interface ColumnSpec {
  readonly column: string;
  /** Path in the source JSON, e.g. `['address', 'geo', 'lat']`. */
  readonly path: readonly string[];
  readonly type: FieldType;
}

export interface ResourceSpec {
  readonly name: ResourceName;
  readonly table: string;
  /** Table columns in INSERT order; the first is always `id`. */
  readonly columns: readonly ColumnSpec[];
  /** The foreign key to the parent resource, if any (`ON DELETE RESTRICT`). */
  readonly parent?: { readonly resource: ResourceName; readonly column: string };
}

const id = (column: string, field: string): ColumnSpec => ({ column, path: [field], type: { kind: 'id' } });
const text = (column: string, path: string | readonly string[], maxBytes: number): ColumnSpec => ({
  column,
  path: typeof path === 'string' ? [path] : path,
  type: { kind: 'text', maxBytes },
});
const TEXT_BYTES = 65_535;

export const RESOURCE_SPECS: Readonly<Record<ResourceName, ResourceSpec>> = {
  users: {
    name: 'users',
    table: 'users',
    columns: [
      id('id', 'id'),
      text('name', 'name', 255),
      text('username', 'username', 255),
      text('email', 'email', 320),
      text('phone', 'phone', 64),
      text('website', 'website', 255),
      text('address_street', ['address', 'street'], 255),
      text('address_suite', ['address', 'suite'], 255),
      text('address_city', ['address', 'city'], 255),
      text('address_zipcode', ['address', 'zipcode'], 32),
      { column: 'geo_lat', path: ['address', 'geo', 'lat'], type: { kind: 'decimal', scale: 7, limit: 90 } },
      { column: 'geo_lng', path: ['address', 'geo', 'lng'], type: { kind: 'decimal', scale: 7, limit: 180 } },
      text('company_name', ['company', 'name'], 255),
      text('company_catch_phrase', ['company', 'catchPhrase'], 512),
      text('company_bs', ['company', 'bs'], 512),
    ],
  },
  posts: {
    name: 'posts',
    table: 'posts',
    columns: [
      id('id', 'id'),
      id('user_id', 'userId'),
      text('title', 'title', 512),
      text('body', 'body', TEXT_BYTES),
    ],
    parent: { resource: 'users', column: 'user_id' },
  },
  comments: {
    name: 'comments',
    table: 'comments',
    columns: [
      id('id', 'id'),
      id('post_id', 'postId'),
      text('name', 'name', 512),
      text('email', 'email', 320),
      text('body', 'body', TEXT_BYTES),
    ],
    parent: { resource: 'posts', column: 'post_id' },
  },
  albums: {
    name: 'albums',
    table: 'albums',
    columns: [id('id', 'id'), id('user_id', 'userId'), text('title', 'title', 512)],
    parent: { resource: 'users', column: 'user_id' },
  },
  photos: {
    name: 'photos',
    table: 'photos',
    columns: [
      id('id', 'id'),
      id('album_id', 'albumId'),
      text('title', 'title', 512),
      text('url', 'url', 2048),
      text('thumbnail_url', 'thumbnailUrl', 2048),
    ],
    parent: { resource: 'albums', column: 'album_id' },
  },
  todos: {
    name: 'todos',
    table: 'todos',
    columns: [
      id('id', 'id'),
      id('user_id', 'userId'),
      text('title', 'title', 512),
      { column: 'completed', path: ['completed'], type: { kind: 'boolean' } },
    ],
    parent: { resource: 'users', column: 'user_id' },
  },
};

/** Tables that reference `resource` and the referencing column (to guard deletes under RESTRICT). */
export function childrenOf(resource: ResourceName): readonly { table: string; column: string }[] {
  return RESOURCE_NAMES.map((name) => RESOURCE_SPECS[name])
    .filter((spec) => spec.parent?.resource === resource)
    .map((spec) => ({ table: spec.table, column: spec.parent!.column }));
}

/** `names` de-duplicated and sorted into foreign-key order. */
export function inLoadOrder(names: Iterable<ResourceName>): ResourceName[] {
  const wanted = new Set(names);
  return RESOURCE_NAMES.filter((name) => wanted.has(name));
}
