/**
 * The zero-ETL rules the local cloud's Python side checks (an integration's preconditions, static
 * parameters), as JSON: rules/ stays their one source. test/rules/local-cloud-export.test.ts
 * fails when the committed file (LOCAL_CLOUD_RULES_FILE in paths.ts) drifts from this rendering;
 * `npm run rules:export` rewrites it. Pure: no I/O.
 */
import {
  AURORA_ENGINE,
  FORBIDDEN_PARAMETER_VALUES,
  MIN_AURORA_VERSION,
  ZERO_ETL_CLUSTER_PARAMETERS,
} from './aurora';
import { DATA_FILTER_MAX_PATTERNS, DATA_FILTER_PATTERN, DEFAULT_DATA_FILTER } from './integration';
import { CASE_SENSITIVE_IDENTIFIER, INTEGRATION_AUTHORIZATION, WORKGROUP_SUBNET_RULE } from './redshift';

export const LOCAL_CLOUD_RULES_NOTE =
  'Generated from rules/ by `npm run rules:export` (rules/local-cloud-export.ts); edit rules/, not this file.';

export interface LocalCloudRules {
  readonly '//': string;
  readonly aurora: {
    readonly engine: string;
    /** A1 */
    readonly minVersion: string;
    /** A3/A4: what the source cluster's parameter group must hold; `static` ones apply at the next reboot (A5). */
    readonly clusterParameters: ReadonlyArray<{
      readonly name: string;
      readonly value: string;
      readonly rule: string;
      /** `equals`: the group must set this value; `not-on`: the group must not turn it ON. */
      readonly requirement: 'equals' | 'not-on';
      readonly static: boolean;
    }>;
    /** A4: values a parameter must never hold (a regular expression, case-insensitive). */
    readonly forbiddenValues: ReadonlyArray<{
      readonly name: string;
      readonly pattern: string;
      readonly why: string;
    }>;
  };
  readonly redshift: {
    /** R2 */
    readonly caseSensitiveIdentifier: { readonly parameter: string; readonly value: string };
    /** R3 */
    readonly authorization: typeof INTEGRATION_AUTHORIZATION;
    /** R13: how many subnets a workgroup needs, and how many distinct Availability Zones they span (per Region where AWS documents an exception). */
    readonly workgroupSubnets: typeof WORKGROUP_SUBNET_RULE;
  };
  readonly integration: {
    /** T3: one `include:`/`exclude:` pattern of a data filter (a regular expression), and how many a filter holds. */
    readonly dataFilterPattern: string;
    readonly dataFilterMaxPatterns: number;
    /** T3: the filter of an integration created without one. */
    readonly defaultDataFilter: string;
  };
}

/** What the local cloud needs of rules/, as plain data. */
export function localCloudRules(): LocalCloudRules {
  return {
    '//': LOCAL_CLOUD_RULES_NOTE,
    aurora: {
      engine: AURORA_ENGINE,
      minVersion: MIN_AURORA_VERSION,
      clusterParameters: ZERO_ETL_CLUSTER_PARAMETERS.filter((p) => p.rule === 'A3' || p.rule === 'A4').map(
        (p) => ({
          name: p.name,
          value: p.value,
          rule: p.rule,
          requirement: p.check === 'must-not-be-on' ? 'not-on' : 'equals',
          static: p.applyMethod === 'pending-reboot',
        }),
      ),
      forbiddenValues: FORBIDDEN_PARAMETER_VALUES.map((p) => ({
        name: p.name,
        pattern: p.pattern.source,
        why: p.why,
      })),
    },
    redshift: {
      caseSensitiveIdentifier: { ...CASE_SENSITIVE_IDENTIFIER },
      authorization: { ...INTEGRATION_AUTHORIZATION },
      workgroupSubnets: {
        ...WORKGROUP_SUBNET_RULE,
        minZonesByRegion: { ...WORKGROUP_SUBNET_RULE.minZonesByRegion },
      },
    },
    integration: {
      dataFilterPattern: DATA_FILTER_PATTERN.source,
      dataFilterMaxPatterns: DATA_FILTER_MAX_PATTERNS,
      defaultDataFilter: DEFAULT_DATA_FILTER,
    },
  };
}

/** The file's text: two-space JSON and a final newline. */
export function renderLocalCloudRules(): string {
  return `${JSON.stringify(localCloudRules(), null, 2)}\n`;
}
