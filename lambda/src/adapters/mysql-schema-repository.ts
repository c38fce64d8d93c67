/** SchemaRepository on mysql2: runs the schema's DDL one statement at a time (no multi-statements). */
import { DatabaseError, describeError } from '../errors';
import type { SchemaRepository } from '../ports';
import type { MysqlDatabase } from './mysql-database';

export class MysqlSchemaRepository implements SchemaRepository {
  constructor(private readonly database: MysqlDatabase) {}

  async apply(statements: readonly string[]): Promise<number> {
    const connection = await this.database.getConnection();
    try {
      for (const [index, statement] of statements.entries()) {
        try {
          await connection.query(statement);
        } catch (error) {
          throw new DatabaseError(`schema statement ${index + 1} failed: ${describeError(error)}`, {
            cause: error,
          });
        }
      }
      return statements.length;
    } finally {
      connection.release();
    }
  }
}
