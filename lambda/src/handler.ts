/**
 * The Lambda edge: builds the container once per cold start, parses the event, runs the use case in
 * an invocation scope and maps the outcome (or any error) to `{ statusCode, body }`.
 */
import { randomUUID } from 'node:crypto';
import type { AwilixContainer } from 'awilix';
import { type Cradle, buildContainer, createInvocationScope } from './container';
import { describeError } from './errors';
import { parseEvent } from './event';
import { createLogger, stdoutSink } from './logger';
import { type HandlerResult, failureBody, toResult } from './report';

/** The subset of the Lambda context the handler uses. */
export interface InvocationContext {
  readonly awsRequestId?: string;
}

type ColdStart = { ok: true; container: AwilixContainer<Cradle> } | { ok: false; reason: string };
let coldStart: ColdStart | undefined;

function initialise(): ColdStart {
  try {
    return { ok: true, container: buildContainer() };
  } catch (error) {
    // Logged once per cold start; every invocation then answers 500 with the same reason.
    createLogger({ level: 'error', sink: stdoutSink }).error('cold start failed', { error });
    return { ok: false, reason: describeError(error) };
  }
}

export async function handler(event: unknown, context?: InvocationContext): Promise<HandlerResult> {
  const runId = randomUUID();
  coldStart ??= initialise();
  if (!coldStart.ok) return toResult(500, failureBody(runId, coldStart.reason));

  const scope = createInvocationScope(coldStart.container, {
    runId,
    requestId: context?.awsRequestId ?? runId,
  });
  const { logger } = scope.cradle;
  try {
    const command = parseEvent(event);
    const service = scope.cradle.ingestionService;
    const outcome =
      command.action === 'migrate'
        ? await service.migrate()
        : command.action === 'counts'
          ? await service.counts()
          : await service.ingest(command.resources);
    return toResult(outcome.statusCode, outcome.body);
  } catch (error) {
    logger.error('invocation failed', { error });
    return toResult(500, failureBody(runId, describeError(error)));
  } finally {
    await scope.dispose();
  }
}

/** Closes the cold start's pool so the next invocation starts cold (tests, local runners). */
export async function shutdown(): Promise<void> {
  const current = coldStart;
  coldStart = undefined;
  if (current?.ok) await current.container.dispose();
}
