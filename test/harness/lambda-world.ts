/**
 * The world the end-to-end handler specs run in: the fixture API serving a dataset, a test
 * database of their own, and the Lambda environment pointing at both (migrated unless a spec tests
 * `migrate` itself). `lambdaWorld` registers the jest hooks that build and tear it down, per test
 * (the default: every test starts from the same source and an empty, migrated database) or once per
 * file.
 */
import type { Dataset } from '../../local/dataplane/fixtures/dataset';
import {
  type FixtureApiServer,
  type Interceptor,
  startFixtureApiServer,
} from '../../local/dataplane/fixtures/api-server';
import { cloneDataset, invoke, lambdaEnv } from './lambda';
import { type TestDatabase, createTestDatabase } from './mysql';

export interface LambdaWorldOptions {
  /** What the fixture API serves: a fresh copy for every database (tests may change it freely). */
  readonly dataset: Dataset;
  /** Prefix of the test database's name (it shows in the server's process list when a test hangs). */
  readonly databasePrefix: string;
  /** A new database (and a fresh copy of the dataset) per test, or one for the whole file. @default 'test' */
  readonly per?: 'test' | 'file';
  /** Run the `migrate` action on each new database. @default true */
  readonly migrate?: boolean;
  /** Variables added to the Lambda environment (e.g. LOG_LEVEL). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Fault injection on the fixture API. @default - none */
  readonly intercept?: Interceptor;
}

export interface LambdaWorld {
  readonly api: FixtureApiServer;
  readonly database: TestDatabase;
  /** The Lambda environment for `database` and `api`. */
  readonly env: Record<string, string>;
}

/** Registers the hooks that build the world; its fields are set by the time a test runs. */
export function lambdaWorld(options: LambdaWorldOptions): LambdaWorld {
  const state: { api?: FixtureApiServer; database?: TestDatabase; env?: Record<string, string> } = {};
  const present = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`lambdaWorld: ${what} is only available inside a test`);
    return value;
  };
  const perTest = (options.per ?? 'test') === 'test';

  const setUp = async () => {
    const api = present(state.api, 'the fixture API');
    api.dataset = cloneDataset(options.dataset);
    api.requests.clear();
    state.database = await createTestDatabase(options.databasePrefix);
    state.env = lambdaEnv(state.database, api.url, { ...options.env });
    if (options.migrate ?? true) await invoke(state.env, { action: 'migrate' });
  };
  const tearDown = async () => {
    await state.database?.drop();
    state.database = undefined;
    state.env = undefined;
  };

  beforeAll(async () => {
    state.api = await startFixtureApiServer({
      dataset: cloneDataset(options.dataset),
      intercept: options.intercept,
    });
    if (!perTest) await setUp();
  });
  afterAll(async () => {
    if (!perTest) await tearDown();
    await state.api?.close();
  });
  if (perTest) {
    beforeEach(setUp);
    afterEach(tearDown);
  }

  return {
    get api() {
      return present(state.api, 'the fixture API');
    },
    get database() {
      return present(state.database, 'the test database');
    },
    get env() {
      return present(state.env, 'the Lambda environment');
    },
  };
}
