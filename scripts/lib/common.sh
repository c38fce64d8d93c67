#!/usr/bin/env bash
# Shared helpers for the deploy-step scripts (sourced, never run): logging, required settings,
# bounded polling and the Redshift Data API. Every wait is bounded by TIMEOUT_SECONDS and polls
# every POLL_SECONDS, so a stuck resource fails with a message instead of hanging a deploy.

if [ "${BASH_VERSINFO[0]}" -lt 4 ]; then
  echo "$(basename "$0"): needs bash 4 or later (macOS: brew install bash)" >&2
  exit 1
fi

: "${TIMEOUT_SECONDS:=3600}"
: "${POLL_SECONDS:=15}"
# AWS CLI v2 pipes output through a pager on a terminal; a deploy step must never wait for a key press.
export AWS_PAGER=''
SCRIPT_NAME="$(basename "${BASH_SOURCE[1]:-$0}")"
WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT

log() { printf '[%s] %s\n' "$SCRIPT_NAME" "$*" >&2; }

die() {
  printf '[%s] ERROR: %s\n' "$SCRIPT_NAME" "$*" >&2
  exit 1
}

# print_table: aligns tab-separated lines from stdin into columns (awk: no util-linux needed).
print_table() {
  awk -F '\t' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > width[i]) width[i] = length($i) } fields[NR] = NF }
    END { for (r = 1; r <= NR; r++) { line = ""; for (i = 1; i <= fields[r]; i++) line = line sprintf(i < fields[r] ? "%-" width[i] "s  " : "%s", cell[r, i]); print line } }'
}

# require_env NAME...: fail naming every missing variable at once.
require_env() {
  local missing=() name
  for name in "$@"; do
    [ -n "${!name:-}" ] || missing+=("$name")
  done
  [ "${#missing[@]}" -eq 0 ] || die "missing environment variable(s): ${missing[*]} (see docs/tooling.md)"
}

require_commands() {
  local name
  for name in "$@"; do
    command -v "$name" >/dev/null 2>&1 || die "'$name' is not on PATH; install it (apt-get install $name / AWS CLI v2) and retry"
  done
}

require_number() {
  [[ "${!1}" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "$1 must be a number of seconds (got '${!1}')"
}

# aws_json ARGS...: the AWS CLI with JSON output, in AWS_REGION when set.
aws_json() {
  if [ -n "${AWS_REGION:-}" ]; then
    aws "$@" --region "$AWS_REGION" --output json
  else
    aws "$@" --output json
  fi
}

# wait_until DESCRIPTION COMMAND...: runs COMMAND every POLL_SECONDS until it succeeds; exit 2 from
# COMMAND means "give up now" (a terminal failure it has already explained). Fails after TIMEOUT_SECONDS.
wait_until() {
  local description="$1" started=$SECONDS status
  shift
  while true; do
    status=0
    "$@" || status=$?
    [ "$status" -eq 0 ] && return 0
    [ "$status" -eq 2 ] && die "$description: giving up (see above)"
    if [ $((SECONDS - started)) -ge "${TIMEOUT_SECONDS%.*}" ]; then
      die "timed out after ${TIMEOUT_SECONDS}s waiting for $description; check it in the AWS console, then re-run this script (it is idempotent) or raise TIMEOUT_SECONDS"
    fi
    sleep "$POLL_SECONDS"
  done
}

# --- Redshift Data API ------------------------------------------------------------------------
# Settings: WORKGROUP_NAME, ADMIN_SECRET_ARN.

STATEMENT_ID=''
STATEMENT_ERROR=''

_statement_settled() {
  local status error
  # One jq call per poll: jq's start-up dominates these scripts' run time.
  IFS=$'\t' read -r status error < <(aws_json redshift-data describe-statement --id "$STATEMENT_ID" |
    jq -r '[.Status // "UNKNOWN", (.Error // "no error text returned" | gsub("[\t\n]"; " "))] | @tsv') || return 1
  case "$status" in
    FINISHED) return 0 ;;
    FAILED | ABORTED)
      STATEMENT_ERROR="$error"
      log "statement $STATEMENT_ID $status: $STATEMENT_ERROR"
      return 2
      ;;
    *) return 1 ;;
  esac
}

# run_sql DATABASE SQL: runs one statement (execute-statement: outside a transaction block, which
# CREATE DATABASE needs, R7) and waits for it. Returns 0 when FINISHED; 3 when FAILED/ABORTED, with
# Redshift's text in STATEMENT_ERROR; exits on timeout.
run_sql() {
  local database="$1" sql="$2" started=$SECONDS status
  STATEMENT_ERROR=''
  STATEMENT_ID="$(aws_json redshift-data execute-statement \
    --workgroup-name "$WORKGROUP_NAME" --secret-arn "$ADMIN_SECRET_ARN" \
    --database "$database" --sql "$sql" | jq -r '.Id')" ||
    die "could not submit a statement to workgroup $WORKGROUP_NAME (database $database); check the workgroup name, the secret and your IAM permissions (redshift-data:ExecuteStatement, secretsmanager:GetSecretValue)"
  while true; do
    status=0
    _statement_settled || status=$?
    [ "$status" -eq 0 ] && return 0
    [ "$status" -eq 2 ] && return 3
    if [ $((SECONDS - started)) -ge "${TIMEOUT_SECONDS%.*}" ]; then
      die "timed out after ${TIMEOUT_SECONDS}s waiting for statement $STATEMENT_ID; inspect it with: aws redshift-data describe-statement --id $STATEMENT_ID"
    fi
    sleep "$POLL_SECONDS"
  done
}

# sql_result [FILTER]: the last statement's rows as a JSON array of arrays of plain values, piped
# through the jq FILTER (default: one compact row per line).
sql_result() {
  aws_json redshift-data get-statement-result --id "$STATEMENT_ID" |
    jq -r "[.Records[]? | map(if .isNull then null else (.stringValue // .longValue // .doubleValue // .booleanValue) end)] | ${1:-.[] | tojson}"
}

# --- Lambda ----------------------------------------------------------------------------------

_function_ready() {
  local state update reason
  IFS=$'\t' read -r state update reason < <(aws_json lambda get-function-configuration --function-name "$FUNCTION_NAME" |
    jq -r '[.State // "Active", .LastUpdateStatus // "Successful", .StateReason // ""] | @tsv') || return 1
  if [ "$state" = "Failed" ]; then
    log "function $FUNCTION_NAME is Failed: $reason"
    return 2
  fi
  [ "$state" = "Active" ] && [ "$update" != "InProgress" ] && return 0
  log "function $FUNCTION_NAME is $state (last update $update); waiting"
  return 1
}

# invoke_lambda PAYLOAD: waits until FUNCTION_NAME is Active, invokes it synchronously and prints
# the function's response document. A throttled invocation (TooManyRequestsException: the account's
# concurrency is in use, e.g. by a scheduled run) is retried with exponential backoff and jitter
# until TIMEOUT_SECONDS; any other failure, or an error the function raises, ends the step.
invoke_lambda() {
  local payload="$1" response="$WORK_DIR/lambda-response.json" errors="$WORK_DIR/lambda-invoke.err"
  local metadata function_error started=$SECONDS base="${THROTTLE_BACKOFF_SECONDS:-2}" delay status
  wait_until "Lambda function $FUNCTION_NAME to be Active" _function_ready
  while true; do
    status=0
    metadata="$(aws_json lambda invoke --function-name "$FUNCTION_NAME" \
      --cli-binary-format raw-in-base64-out --cli-read-timeout "${TIMEOUT_SECONDS%.*}" \
      --payload "$payload" "$response" 2>"$errors")" || status=$?
    [ "$status" -eq 0 ] && break
    if ! grep -qE 'TooManyRequestsException|Rate [Ee]xceeded' "$errors"; then
      cat "$errors" >&2
      die "invoking $FUNCTION_NAME failed; check the function name, the region and lambda:InvokeFunction permission"
    fi
    # "Equal jitter": between half the backoff and all of it, so parallel steps drift apart.
    delay=$((base / 2 + RANDOM % (base / 2 + 1)))
    if [ $((SECONDS - started + delay)) -ge "${TIMEOUT_SECONDS%.*}" ]; then
      cat "$errors" >&2
      die "$FUNCTION_NAME stayed throttled for ${TIMEOUT_SECONDS}s (TooManyRequestsException); free some concurrency (or raise the account quota) and re-run"
    fi
    log "$FUNCTION_NAME is throttled (TooManyRequestsException); retrying in ${delay}s"
    sleep "$delay"
    base=$((base * 2 > 32 ? 32 : base * 2))
  done
  function_error="$(jq -r '.FunctionError // empty' <<<"$metadata")"
  if [ -n "$function_error" ]; then
    die "$FUNCTION_NAME raised an error ($function_error): $(jq -r '.errorMessage // .' "$response" 2>/dev/null || cat "$response"); see its CloudWatch logs"
  fi
  cat "$response"
}
