/**
 * Drift detection's report: one GitHub issue per environment, opened or updated with the rendered plan
 * comment while a scheduled plan finds changes (or fails), and closed with a note once the environment
 * plans clean again. The issue is found by a hidden marker on its first line, so a renamed title or
 * an unrelated issue with the same label is never touched.
 */
import { commentMarker } from './constants';
import { type GitHubClient, type Issue } from './github-client';
import { commentStatus } from './render';

/** The hidden first line of an environment's drift issue. */
export const driftMarker = (stack: string) => `<!-- zero-etl-drift:${stack} -->`;

export type DriftAction = 'opened' | 'updated' | 'unchanged' | 'closed' | 'clean';

export interface DriftResult {
  readonly action: DriftAction;
  readonly issue?: Issue;
}

export interface DriftReport {
  readonly stack: string;
  /** The rendered plan comment of the scheduled plan. */
  readonly comment: string;
  /** The workflow run, linked from the issue. */
  readonly runUrl: string;
  /** @default 'drift' */
  readonly label?: string;
}

function issueBody(report: DriftReport): string {
  const planComment = report.comment.replace(`${commentMarker(report.stack)}\n`, '');
  return [
    driftMarker(report.stack),
    `The scheduled read-only plan of \`${report.stack}\` ([run](${report.runUrl})) does not match the deployed infrastructure: ` +
      'someone changed it outside Terraform, or main holds changes that were never applied. Review the plan below, then ' +
      'either apply main or revert the manual change. This issue closes itself once the environment plans clean.',
    '',
    planComment,
  ].join('\n');
}

/** Opens, updates or closes the environment's drift issue to match the scheduled plan. */
export async function reportDrift(client: GitHubClient, report: DriftReport): Promise<DriftResult> {
  const label = report.label ?? 'drift';
  let existing: Issue | undefined;
  for await (const issue of client.listOpenIssues(label)) {
    if (issue.body?.startsWith(driftMarker(report.stack))) {
      existing = issue;
      break;
    }
  }
  if (commentStatus(report.comment) === 'no-changes') {
    if (!existing) return { action: 'clean' };
    await client.createIssueComment(
      existing.number,
      `The scheduled plan of \`${report.stack}\` is clean again ([run](${report.runUrl})): closing.`,
    );
    return {
      action: 'closed',
      issue: await client.updateIssue(existing.number, { state: 'closed', state_reason: 'completed' }),
    };
  }
  const body = issueBody(report);
  if (!existing) {
    return { action: 'opened', issue: await client.createIssue(`Drift in ${report.stack}`, body, [label]) };
  }
  if (existing.body === body) return { action: 'unchanged', issue: existing };
  return { action: 'updated', issue: await client.updateIssue(existing.number, { body }) };
}
