/**
 * The local cloud reads the zero-ETL rules from a JSON export of rules/ (its Python side cannot
 * import TypeScript): the committed file must be exactly the rendering of rules/ today, and carry
 * what the integration's preconditions need. `npm run rules:export` (UPDATE_RULES_EXPORT=1) rewrites it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ZERO_ETL_CLUSTER_PARAMETERS, localCloudRules, renderLocalCloudRules } from '../../rules';
import { LOCAL_CLOUD_RULES_FILE } from '../../paths';

describe('the rules export for the local cloud', () => {
  it('is what rules/ renders today (npm run rules:export rewrites it)', () => {
    const rendered = renderLocalCloudRules();
    if (process.env.UPDATE_RULES_EXPORT === '1') writeFileSync(LOCAL_CLOUD_RULES_FILE, rendered);

    expect(readFileSync(LOCAL_CLOUD_RULES_FILE, 'utf8')).toBe(rendered);
  });

  it('carries every A3/A4 cluster parameter, static exactly when it applies at reboot', () => {
    const exported = localCloudRules().aurora.clusterParameters;
    const expected = ZERO_ETL_CLUSTER_PARAMETERS.filter((p) => p.rule !== 'P1');

    expect(exported.map((p) => [p.name, p.value, p.static])).toEqual(
      expected.map((p) => [p.name, p.value, p.applyMethod === 'pending-reboot']),
    );
    expect(exported.find((p) => p.name === 'binlog_transaction_compression')?.requirement).toBe('not-on');
  });

  it('carries the workgroup case sensitivity (R2) and the resource-policy actions (R3)', () => {
    const { redshift } = localCloudRules();

    expect(redshift.caseSensitiveIdentifier).toEqual({
      parameter: 'enable_case_sensitive_identifier',
      value: 'true',
    });
    expect(redshift.authorization).toEqual({
      sourceAction: 'redshift:AuthorizeInboundIntegration',
      sourceServicePrincipal: 'redshift.amazonaws.com',
      sourceArnConditionKey: 'aws:SourceArn',
      creatorAction: 'redshift:CreateInboundIntegration',
    });
  });
});
