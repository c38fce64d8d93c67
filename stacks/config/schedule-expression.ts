/** Validation of EventBridge schedule expressions (`rate(...)` and six-field `cron(...)`). */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON_FIELD = /^[0-9A-Za-z*?,/#L W-]+$/;

/** Returns undefined when `expression` is valid, otherwise the reason it is not. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) return 'a rate must be at least 1';
    const singular = !rate[2].endsWith('s');
    if (value === 1 && !singular) return `rate(1 ${rate[2]}) must use the singular unit, e.g. rate(1 minute)`;
    if (value > 1 && singular)
      return `rate(${value} ${rate[2]}) must use the plural unit, e.g. rate(5 minutes)`;
    return undefined;
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) {
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) {
      return `cron() needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
    }
    if (!fields.every((field) => CRON_FIELD.test(field))) return 'cron() fields contain invalid characters';
    if (fields[2] !== '?' && fields[4] !== '?') {
      return 'cron() needs "?" in either day-of-month or day-of-week';
    }
    return undefined;
  }
  return 'must be rate(<n> <unit>) or cron(<6 fields>)';
}
