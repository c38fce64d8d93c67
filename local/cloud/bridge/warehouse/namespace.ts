/**
 * A Redshift Serverless namespace's warehouse: its databases, each one PGlite (the data plane's
 * warehouse) with Redshift's zero-ETL system views. A database created FROM INTEGRATION records which
 * integration feeds it.
 */
import { Warehouse } from '../../../dataplane/warehouse/warehouse';
import { createSystemViews } from './system-views';

export class Namespace {
  private readonly databases = new Map<string, Warehouse>();
  private readonly opening = new Map<string, Promise<Warehouse>>();
  /** Database → the integration that feeds it. */
  readonly integrationTargets = new Map<string, string>();

  constructor(
    readonly name: string,
    readonly adminUsername: string,
  ) {}

  /** A namespace with its first database (dbName, `dev` by default). */
  static async create(name: string, databaseName: string, adminUsername: string): Promise<Namespace> {
    const namespace = new Namespace(name, adminUsername);
    await namespace.addDatabase(databaseName);
    return namespace;
  }

  has(database: string): boolean {
    return this.databases.has(database) || this.opening.has(database);
  }

  get(database: string): Warehouse | undefined {
    return this.databases.get(database);
  }

  names(): string[] {
    return [...this.databases.keys()].sort();
  }

  async addDatabase(database: string): Promise<Warehouse> {
    const opening = (async () => {
      const warehouse = await Warehouse.open();
      await createSystemViews((sql) => warehouse.execute(sql));
      return warehouse;
    })();
    this.opening.set(database, opening);
    try {
      const warehouse = await opening;
      this.databases.set(database, warehouse);
      return warehouse;
    } finally {
      this.opening.delete(database);
    }
  }

  async dropDatabase(database: string): Promise<void> {
    const warehouse = this.databases.get(database);
    this.databases.delete(database);
    this.integrationTargets.delete(database);
    await warehouse?.close();
  }

  async close(): Promise<void> {
    for (const database of this.names()) await this.dropDatabase(database);
  }
}
