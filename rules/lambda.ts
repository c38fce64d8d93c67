/**
 * L1: Lambda's concurrency limits that a reservation must respect (PutFunctionConcurrency API
 * reference): at least 100 executions of the account's quota stay unreserved. New accounts start
 * with a quota well below 100 (10 has been reported), where any reservation at all is refused.
 */
export const LAMBDA_MIN_UNRESERVED_CONCURRENCY = 100;
/** The default account concurrency quota. */
export const LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY = 1000;
export const LAMBDA_MAX_RESERVABLE_CONCURRENCY =
  LAMBDA_DEFAULT_ACCOUNT_CONCURRENCY - LAMBDA_MIN_UNRESERVED_CONCURRENCY;
