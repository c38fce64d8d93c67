/**
 * sqlfluff (redshift dialect, the rules of `.sqlfluff`) on the SQL that runs on Redshift: every
 * `sql/analytics/*.sql`, and the statements the deploy step really sends on each of its paths —
 * captured from `scripts/create-integration-database` run against the scripted aws CLI, never
 * retyped here.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';
import { createScriptedAws, type ScriptedAwsAnswer } from '../harness/scripted-aws';
import { PROJECT_ROOT } from '../harness/project-files';
import { formatFinding, sqlfluff } from '../harness/scanners';
import {
  FAST,
  integration,
  records,
  script,
  statement,
  statementSubmitted,
} from '../harness/scripted-aws-answers';

const ANALYTICS = readdirSync(join(PROJECT_ROOT, 'sql', 'analytics'))
  .filter((file) => file.endsWith('.sql'))
  .map((file) => join('sql', 'analytics', file));
const [environment] = parseConfig(PROJECT_CONFIG, {}).environments;

/**
 * Runs the deploy step through each of its paths (create; already there and fed by this
 * integration; created from a replaced integration, so dropped and created again) and returns every
 * distinct SQL text it sent.
 */
async function deployStepStatements(): Promise<string[]> {
  const prefix = `arn:aws:rds:${environment.region}:${environment.accountId}:integration:`;
  const current = '5b9a7c1e-0f3d-4d5e-9a1b-2c3d4e5f6a7b';
  const replaced = '0d4e2f7a-1c3b-4a5d-8e9f-a0b1c2d3e4f5';
  const settings = {
    ...FAST,
    INTEGRATION_ARN: `${prefix}${current}`,
    WORKGROUP_NAME: `${environment.namePrefix}`,
    ADMIN_SECRET_ARN: `arn:aws:secretsmanager:${environment.region}:${environment.accountId}:secret:redshift!admin-AbCd`,
    TARGET_DATABASE: environment.redshift.targetDatabase,
  };
  const notFound: ScriptedAwsAnswer = {
    stderr:
      'An error occurred (IntegrationNotFoundFault) when calling the DescribeIntegrations operation: not found.',
    exitCode: 254,
  };
  // Per path: the SELECT results in order (every statement finishes).
  const scenarios: ScriptedAwsAnswer[][] = [
    // No database yet: create it, then record it.
    [records([0]), records()],
    // The database exists and this integration feeds it: read the feeders and the record.
    [records([1]), records([current]), records([current])],
    // Created from the integration a filter change replaced: drop, create, record.
    [records([1]), records(), records([replaced]), records([replaced])],
  ];
  const sent: string[] = [];
  for (const results of scenarios) {
    const aws = createScriptedAws({
      'rds describe-integrations': [integration('active'), notFound],
      'redshift-data execute-statement': [statementSubmitted('a'), statementSubmitted('b')],
      'redshift-data describe-statement': [statement('FINISHED')],
      'redshift-data get-statement-result': results,
    });
    try {
      const result = await aws.run(script('create-integration-database'), settings);
      if (result.code !== 0) throw new Error(`create-integration-database failed: ${result.stderr}`);
      sent.push(...aws.callsTo('redshift-data execute-statement').map((call) => String(call.options.sql)));
    } finally {
      await aws.cleanup();
    }
  }
  return [...new Set(sent)];
}

describe('sqlfluff (redshift dialect, .sqlfluff rules)', () => {
  it('finds nothing in sql/analytics', async () => {
    expect(ANALYTICS.length).toBeGreaterThanOrEqual(5);
    expect((await sqlfluff(ANALYTICS)).map(formatFinding)).toEqual([]);
  });

  describe('the statements the deploy step sends', () => {
    let dir: string;
    let files: string[];
    let statements: string[];
    beforeAll(async () => {
      statements = await deployStepStatements();
      dir = mkdtempSync(join(tmpdir(), 'zero-etl-deploy-sql-'));
      files = statements.map((sql, index) => {
        const file = join(dir, `statement-${index + 1}.sql`);
        writeFileSync(file, `${sql};\n`);
        return file;
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('include every statement of every path: its record, the checks, DROP and CREATE DATABASE … FROM INTEGRATION', () => {
      const target = environment.redshift.targetDatabase;
      expect(statements.map((sql) => sql.split(/\s/).slice(0, 2).join(' ')).sort()).toEqual([
        'CREATE DATABASE',
        'CREATE SCHEMA',
        'CREATE TABLE',
        'DROP DATABASE',
        'INSERT INTO',
        'SELECT COUNT(*)',
        'SELECT TRIM(integration_id)',
        'SELECT integration_id',
      ]);
      expect(statements).toContainEqual(
        expect.stringMatching(new RegExp(`^CREATE DATABASE "${target}" FROM INTEGRATION '`)),
      );
      expect(statements).toContain(`DROP DATABASE "${target}"`);
    });

    it('parse and pass the rules', async () => {
      expect((await sqlfluff(files)).map(formatFinding)).toEqual([]);
    });
  });

  it('reports parse errors (PRS) and rule violations with rule, line and file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zero-etl-bad-sql-'));
    try {
      const bad = join(dir, 'bad.sql');
      writeFileSync(bad, 'SELECT a, b FROM t ORDER BY a DESC, b;\nCREATE DATABASE FROM INTEGRATION;\n');
      const findings = await sqlfluff([bad]);
      expect(findings.map((finding) => [finding.rule, finding.resource])).toEqual([
        ['AM03', 'line 1:20'],
        ['PRS', 'line 2:1'],
      ]);
      expect(findings[0].file).toMatch(/bad\.sql$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
