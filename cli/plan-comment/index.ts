export { findCloudRunUrl } from './cloud-run';
export {
  COMMENT_SAFETY_MARGIN,
  DISRUPTIVE_RESOURCE_TYPES,
  GITHUB_COMMENT_LIMIT,
  MARKER_PATTERN,
  MASK,
  commentMarker,
} from './constants';
export { GitHubApiError, PlanCommentError, PlanCommentUsageError, PlanInputError } from './errors';
export { renderResourceDiff } from './diff';
export {
  GitHubClient,
  nextPageUrl,
  type GitHubClientOptions,
  type IssueComment,
  type UpsertResult,
} from './github-client';
export { collectSecretValues, flattenValues, isSecretLikeKey, scrubSecrets } from './mask';
export { renderPlanComment, type PlanCommentInput, type RenderedComment } from './render';
export { assertPlanJson, summarizePlan, type SummarizeOptions } from './summarize';
export type * from './types';
