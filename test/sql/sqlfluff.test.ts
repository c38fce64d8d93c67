/**
 * sqlfluff (redshift dialect, the rules of `.sqlfluff`) on the SQL that runs on Redshift: every
 * `sql/analytics/*.sql`, and the statements the deploy step really sends — captured from
 * `scripts/create-integration-database` run against the scripted aws CLI, never retyped here.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';
import { createScriptedAws } from '../harness/scripted-aws';
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

/** Runs the deploy step through both of its paths (create, and already exists) and returns every SQL text it sent. */
async function deployStepStatements(): Promise<string[]> {
  const settings = {
    ...FAST,
    INTEGRATION_ARN: `arn:aws:rds:${environment.region}:${environment.accountId}:integration:5b9a7c1e-0f3d-4d5e-9a1b-2c3d4e5f6a7b`,
    WORKGROUP_NAME: `${environment.namePrefix}`,
    ADMIN_SECRET_ARN: `arn:aws:secretsmanager:${environment.region}:${environment.accountId}:secret:redshift!admin-AbCd`,
    TARGET_DATABASE: environment.redshift.targetDatabase,
  };
  const scenarios = [
    // No database yet: check, then CREATE DATABASE … FROM INTEGRATION.
    [records([0])],
    // The database exists: check, then check that this integration feeds it.
    [records([1]), records([1])],
  ];
  const sent: string[] = [];
  for (const results of scenarios) {
    const aws = createScriptedAws({
      'rds describe-integrations': [integration('active')],
      'redshift-data execute-statement': [statementSubmitted('a'), statementSubmitted('b')],
      'redshift-data describe-statement': [statement('FINISHED')],
      'redshift-data get-statement-result': results,
    });
    try {
      const result = await aws.run(script('create-integration-database'), settings);
      if (result.code !== 0) throw new Error(`create-integration-database failed: ${result.stderr}`);
      sent.push(...aws.callsTo('redshift-data execute-statement').map((call) => String(call.options.sql)));
    } finally {
      aws.cleanup();
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

    it('include CREATE DATABASE … FROM INTEGRATION and the two checks before it', () => {
      expect(statements).toHaveLength(3);
      expect(statements).toContainEqual(
        expect.stringMatching(
          new RegExp(`^CREATE DATABASE "${environment.redshift.targetDatabase}" FROM INTEGRATION '`),
        ),
      );
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
