/**
 * Change capture: a binlog replica connection (via @vlasky/zongji, which speaks both the MySQL 8.0
 * and the MariaDB dialect, with CRC32 checksums and binlog_row_metadata=FULL) turned into a small
 * stream of row changes, DDL and commits for one source database.
 */
import type ZongJiType from '@vlasky/zongji';
import type { AnyBinlogEvent, RowData, UpdateRowData } from '@vlasky/zongji';
import * as zongjiModule from '@vlasky/zongji';
import { parseDdl, type DdlChange } from './ddl';
import { ReplicationError } from '../errors';
import type { BinlogPosition } from './snapshot';

type ZongJiClass = typeof ZongJiType;
// ESM-only package: the default export sits on the namespace both under tsx and under jest's CJS transform.
const ZongJi: ZongJiClass =
  (zongjiModule as unknown as { default: ZongJiClass }).default ?? (zongjiModule as unknown as ZongJiClass);

export type Row = Readonly<Record<string, unknown>>;

export type ChangeEvent =
  | {
      readonly type: 'insert' | 'delete';
      readonly schema: string;
      readonly table: string;
      readonly rows: readonly Row[];
      readonly timestampMs: number;
    }
  | {
      readonly type: 'update';
      readonly schema: string;
      readonly table: string;
      readonly rows: readonly { readonly before: Row; readonly after: Row }[];
      readonly timestampMs: number;
    }
  | {
      readonly type: 'ddl';
      readonly change: DdlChange;
      /** The statement as the source ran it (zero-ETL decides in place or resync from it). */
      readonly statement: string;
      readonly timestampMs: number;
    }
  | { readonly type: 'commit'; readonly position: BinlogPosition; readonly timestampMs: number };

export interface BinlogStreamOptions {
  /** `mysql://user:password@host:port/` of the source (needs REPLICATION SLAVE/CLIENT rights). */
  readonly url: string;
  /** Source databases whose row changes are captured (others are skipped before decoding). */
  readonly schemas: readonly string[];
  /** Where to start: the position recorded before the snapshot. */
  readonly from: BinlogPosition;
  readonly onEvent: (event: ChangeEvent) => void;
  readonly onError: (error: Error) => void;
  /** Replica server id; must be unique on the source. @default a random id */
  readonly serverId?: number;
}

export interface BinlogStream {
  /** Position after the last commit seen. */
  readonly position: BinlogPosition;
  /** Closes the replica connection (the server ends its Binlog Dump thread). */
  stop(): Promise<void>;
}

function connectionOptions(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
  };
}

const EVENTS = ['rotate', 'tablemap', 'writerows', 'updaterows', 'deleterows', 'query', 'xid'];

function toChange(event: AnyBinlogEvent, schemas: ReadonlySet<string>): ChangeEvent | undefined {
  const timestampMs = event.timestamp;
  switch (event.getEventName()) {
    case 'writerows':
    case 'deleterows':
    case 'updaterows': {
      const rowsEvent = event as AnyBinlogEvent & { tableId: number; rows: unknown[] };
      const table = (
        rowsEvent as unknown as { tableMap: Record<number, { parentSchema: string; tableName: string }> }
      ).tableMap[rowsEvent.tableId];
      if (!table || !schemas.has(table.parentSchema)) return undefined;
      const where = { schema: table.parentSchema, table: table.tableName, timestampMs };
      if (event.getEventName() === 'updaterows') {
        return { type: 'update', ...where, rows: rowsEvent.rows as UpdateRowData[] };
      }
      const type = event.getEventName() === 'writerows' ? 'insert' : 'delete';
      return { type, ...where, rows: rowsEvent.rows as RowData[] };
    }
    case 'query': {
      const query = (event as { query: string; schema: string }).query;
      const change = parseDdl(query, (event as { schema: string }).schema);
      if (!change) return undefined;
      const touched = change.kind === 'rename' ? change.pairs.flat() : change.tables;
      return touched.some((name) => schemas.has(name.schema))
        ? { type: 'ddl', change, statement: query, timestampMs }
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Connects as a replica from `from` and resolves once the dump has started. */
export async function startBinlogStream(options: BinlogStreamOptions): Promise<BinlogStream> {
  const schemas = new Set(options.schemas);
  const zongji = new ZongJi(connectionOptions(options.url));
  let position = options.from;
  let stopped = false;

  zongji.on('binlog', (event: AnyBinlogEvent) => {
    const change = toChange(event, schemas);
    if (change) options.onEvent(change);
    const name = event.getEventName();
    const filename = zongji.options.filename;
    // Xid ends a transaction; a Query event outside a transaction (DDL) is its own commit.
    const endsTransaction =
      name === 'xid' || (name === 'query' && !/^\s*BEGIN\b/i.test((event as { query: string }).query));
    if (endsTransaction && filename && zongji.options.position) {
      position = { filename, position: zongji.options.position };
      options.onEvent({ type: 'commit', position, timestampMs: event.timestamp });
    }
  });

  await new Promise<void>((resolve, reject) => {
    const onStartError = (error: Error) => {
      stopped = true;
      zongji.stop();
      reject(new ReplicationError(`Could not start reading the binlog: ${error.message}`, { cause: error }));
    };
    zongji.once('error', onStartError);
    zongji.once('ready', () => {
      zongji.off('error', onStartError);
      zongji.on('error', (error: Error) => {
        if (!stopped) options.onError(error);
      });
      resolve();
    });
    zongji.start({
      serverId: options.serverId ?? 10_000 + Math.floor(Math.random() * 1_000_000_000),
      filename: options.from.filename,
      position: options.from.position,
      includeEvents: EVENTS,
      includeSchema: Object.fromEntries(options.schemas.map((schema) => [schema, true as const])),
    });
  });

  return {
    get position() {
      return position;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        stopped = true;
        zongji.once('stopped', () => resolve());
        zongji.stop();
      }),
  };
}
