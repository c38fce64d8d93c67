/**
 * Renders a stack's `terraform show -json` plan as a pull-request comment, and posts it.
 *
 *   node --import tsx cli/plan-comment/cli.ts render --stack dev --plan plan.json --run-url <url> --out dev.md
 *   node --import tsx cli/plan-comment/cli.ts render --stack dev --run-url <url> --error-file plan.log --out dev.md   (plan failed)
 *   node --import tsx cli/plan-comment/cli.ts post --pull-request 12 dev.md prod.md
 *
 * `render` is pure (no network, no token): the job holding cloud credentials renders, and a separate
 * job holding only `pull-requests: write` posts. `post` edits each stack's earlier comment (found by
 * its hidden marker) or creates one; it reads GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL.
 * Exit codes: 0 done, 2 bad input or a GitHub error (the message says which and how to fix it).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findCloudRunUrl } from './cloud-run';
import { MARKER_PATTERN, commentMarker } from './constants';
import { PlanCommentError, PlanCommentUsageError, PlanInputError } from './errors';
import { reportDrift } from './drift-issue';
import { GitHubClient } from './github-client';
import { renderPlanComment } from './render';
import { assertPlanJson } from './summarize';
import { userPath } from '../../shared/user-path';
import { SCHEMA_FILE } from '../../paths';
import { tablesCreatedBy } from '../../shared/schema-tables';
import { PROJECT_CONFIG, parseConfig } from '../../stacks/config';

const USAGE = `Usage:
  npm run plan-comment -- render --stack <id> --run-url <url> [--plan <show.json>] [--plan-log <file>]
                                 [--cloud-run-url <url>] [--error-file <file>] [--commit <sha>]
                                 [--state-bucket <name>]... [--out <file>]
  npm run plan-comment -- post --pull-request <number> [--repository owner/name] <comment.md>...
  npm run plan-comment -- drift-issue --run-url <url> [--label drift] [--repository owner/name] <comment.md>...

render  turns \`terraform show -json\` of a stack's plan (or, with --error-file, a failed plan's output)
        into the pull-request comment: status, counts, hazards, changed outputs, a masked diff that
        fits GitHub's limit. No network, no token. Writes to --out or stdout.
post    creates or edits each stack's comment on the pull request (found by its hidden marker);
        reads GITHUB_TOKEN (pull-requests: write), GITHUB_REPOSITORY and GITHUB_API_URL.
drift-issue  for scheduled plans: opens or updates one issue per stack (label drift) while its plan
        has changes or fails, and closes it once the stack plans clean (GITHUB_TOKEN: issues: write).
Relative paths are taken from the directory you ran npm in.
Exit codes: 0 done, 2 bad input, or GitHub refused or could not be reached (the message says why).`;

/** Appended to a usage error: the full usage is one command away. */
const SEE_HELP = '(npm run plan-comment -- --help shows the usage)';

function readText(path: string, what: string, env: NodeJS.ProcessEnv): string {
  const file = userPath(path, env);
  if (!existsSync(file)) throw new PlanInputError(`${what} ${file} does not exist.`);
  return readFileSync(file, 'utf8');
}

function readPlan(path: string, env: NodeJS.ProcessEnv) {
  const text = readText(path, 'Plan file', env);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PlanInputError(`Plan file ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  assertPlanJson(parsed, `Plan file ${path}`);
  return parsed;
}

/**
 * The tables sql/schema.sql creates, in the stack's source database (`database.table`), for the data
 * filter section; none for a stack that is not an environment of the configuration.
 */
function sourceTablesOf(stack: string): string[] {
  let databaseName: string | undefined;
  try {
    databaseName = parseConfig(PROJECT_CONFIG, {}).environments.find(
      (environment) => environment.name === stack,
    )?.aurora.databaseName;
  } catch {
    return []; // an invalid configuration fails the plan itself, which the comment reports
  }
  if (!databaseName) return [];
  return tablesCreatedBy(readFileSync(SCHEMA_FILE, 'utf8')).map((table) => `${databaseName}.${table}`);
}

function render(args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const { values } = parseArgs({
    args,
    options: {
      stack: { type: 'string' },
      plan: { type: 'string' },
      'run-url': { type: 'string' },
      'plan-log': { type: 'string' },
      'cloud-run-url': { type: 'string' },
      'error-file': { type: 'string' },
      commit: { type: 'string' },
      'state-bucket': { type: 'string', multiple: true },
      out: { type: 'string' },
    },
  });
  if (!values.stack || !/^[A-Za-z0-9_.-]+$/.test(values.stack)) {
    throw new PlanCommentUsageError(`--stack is required (a cdktf stack id such as dev) ${SEE_HELP}`);
  }
  if (!values['run-url'])
    throw new PlanCommentUsageError(`--run-url is required (the Actions run log) ${SEE_HELP}`);
  const planLogFile = values['plan-log'] && userPath(values['plan-log'], env);
  const planLog = planLogFile && existsSync(planLogFile) ? readFileSync(planLogFile, 'utf8') : '';
  const rendered = renderPlanComment({
    stack: values.stack,
    plan: values.plan ? readPlan(values.plan, env) : undefined,
    runUrl: values['run-url'],
    cloudRunUrl: values['cloud-run-url'] || findCloudRunUrl(planLog),
    failureDetail: values['error-file'] ? readText(values['error-file'], 'Error file', env) : undefined,
    commitSha: values.commit,
    stateBuckets: (values['state-bucket'] ?? []).filter(Boolean),
    sourceTables: sourceTablesOf(values.stack),
  });
  if (values.out) writeFileSync(userPath(values.out, env), rendered.body);
  else process.stdout.write(rendered.body);
  const counts = rendered.summary
    ? Object.entries(rendered.summary.counts)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ')
    : 'plan failed';
  log(
    `plan-comment: ${values.stack}: ${counts}; ${rendered.body.length} chars, diff of ${rendered.diffShown}/${rendered.diffTotal} resources`,
  );
}

async function post(args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'pull-request': { type: 'string' }, repository: { type: 'string' } },
  });
  const pullRequest = Number(values['pull-request']);
  if (!Number.isInteger(pullRequest) || pullRequest <= 0) {
    throw new PlanCommentUsageError(`--pull-request must be a pull request number ${SEE_HELP}`);
  }
  const comments = renderedComments(positionals, env);
  const client = githubClient(values.repository, env);
  for (const { stack, body } of comments) {
    const result = await client.upsertIssueComment(pullRequest, commentMarker(stack), body);
    log(
      `plan-comment: ${stack}: comment ${result.comment.id} ${result.action} ${result.comment.html_url ?? ''}`.trim(),
    );
  }
}

function githubClient(repository: string | undefined, env: NodeJS.ProcessEnv): GitHubClient {
  return new GitHubClient({
    token: env.GITHUB_TOKEN ?? '',
    repository: repository ?? env.GITHUB_REPOSITORY ?? '',
    apiUrl: env.GITHUB_API_URL || undefined,
  });
}

/** Each rendered comment file with the stack its marker names. */
function renderedComments(
  files: readonly string[],
  env: NodeJS.ProcessEnv,
): Array<{ stack: string; body: string }> {
  if (files.length === 0)
    throw new PlanCommentUsageError(`Pass at least one rendered comment file ${SEE_HELP}`);
  return files.map((file) => {
    const body = readText(file, 'Comment file', env);
    const stack = body.match(MARKER_PATTERN)?.[1];
    if (!stack) {
      throw new PlanInputError(
        `${file} does not start with a plan marker; render it with "plan-comment render".`,
      );
    }
    return { stack, body };
  });
}

async function driftIssue(
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'run-url': { type: 'string' }, label: { type: 'string' }, repository: { type: 'string' } },
  });
  if (!values['run-url'])
    throw new PlanCommentUsageError(`--run-url is required (the scheduled run) ${SEE_HELP}`);
  const comments = renderedComments(positionals, env);
  const client = githubClient(values.repository, env);
  for (const { stack, body } of comments) {
    const result = await reportDrift(client, {
      stack,
      comment: body,
      runUrl: values['run-url'],
      label: values.label,
    });
    log(
      `plan-comment: ${stack}: drift issue ${result.action}${result.issue ? ` #${result.issue.number}` : ''}`,
    );
  }
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || rest.includes('--help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === 'render') render(rest, env, log);
    else if (command === 'post') await post(rest, env, log);
    else if (command === 'drift-issue') await driftIssue(rest, env, log);
    else
      throw new PlanCommentUsageError(
        `Unknown command "${command}": use render, post or drift-issue ${SEE_HELP}`,
      );
    return 0;
  } catch (error) {
    if (
      error instanceof PlanCommentError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      const usage = error instanceof PlanCommentError ? '' : ` ${SEE_HELP}`;
      log(`plan-comment: ${(error as Error).message}${usage}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
