import { resourceNames } from '../resource-names';
import { type Construct } from 'constructs';
import { VpcFunction, type VpcFunctionProps } from './vpc-function';

export interface MigrateFunctionProps extends Omit<
  VpcFunctionProps,
  'functionName' | 'description' | 'timeoutSeconds' | 'memoryMb' | 'reservedConcurrency' | 'dependsOn'
> {
  readonly namePrefix: string;
  /** The RDS-managed master secret: the only identity that may change the schema and create users. */
  readonly masterSecretArn: string;
  /** The key that encrypts the master secret. */
  readonly secretKmsKeyArn: string;
}

/** DDL of sql/schema.sql plus a few GRANTs: seconds, not minutes. */
const MIGRATE_TIMEOUT_SECONDS = 300;
const MIGRATE_MEMORY_MB = 256;

/**
 * The `migrate` function: the same bundle as the ingestion, run only by the apply-schema deploy step.
 * It alone reads the master secret, applies the schema and creates the ingestion user, so the
 * scheduled function never holds the master password.
 */
export class MigrateFunction extends VpcFunction {
  constructor(scope: Construct, id: string, props: MigrateFunctionProps) {
    super(scope, id, {
      ...props,
      functionName: resourceNames(props.namePrefix).migrateFunction,
      description: 'Applies the Aurora schema and creates the ingestion user (deploy step only)',
      timeoutSeconds: MIGRATE_TIMEOUT_SECONDS,
      memoryMb: MIGRATE_MEMORY_MB,
      // It is what applies the schema: nothing to wait for.
      dependsOn: [],
    });
    this.addToRolePolicy(
      {
        sid: 'ReadMasterSecret',
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [props.masterSecretArn],
      },
      { sid: 'DecryptMasterSecret', actions: ['kms:Decrypt'], resources: [props.secretKmsKeyArn] },
    );
  }
}
