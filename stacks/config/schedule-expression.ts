/**
 * Validation of EventBridge schedule expressions: `rate(...)` and six-field `cron(...)`, each cron field
 * checked against its values and wildcards as the EventBridge cron expressions reference lists them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html), so a schedule that
 * EventBridge would refuse fails at synth instead of at apply.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for values (JAN = 1, SUN = 1). */
  readonly names?: readonly string[];
  /** Wildcards beyond `, - * /`, as the reference lists them. */
  readonly wildcards: string;
}

/** The reference's table: minutes, hours, day-of-month, month, day-of-week, year. */
const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, wildcards: '' },
  { name: 'hours', min: 0, max: 23, wildcards: '' },
  { name: 'day-of-month', min: 1, max: 31, wildcards: '?LW' },
  { name: 'month', min: 1, max: 12, names: MONTHS, wildcards: '' },
  { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, wildcards: '?L#' },
  { name: 'year', min: 1970, max: 2199, wildcards: '' },
];

/** A single value of the field (a number or a name), or the problem with it. */
function valueProblem(text: string, field: CronField): string | undefined {
  if (field.names?.includes(text.toUpperCase())) return undefined;
  const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
  if (!/^\d+$/.test(text)) return `"${text}" is not a value (${field.min}-${field.max}${names})`;
  const value = Number(text);
  return value < field.min || value > field.max
    ? `${value} is outside ${field.min}-${field.max}${names}`
    : undefined;
}

/** One comma-separated item of a field: *, ?, L, nW, nL, d#n, a, a-b, each optionally /step. */
function itemProblem(item: string, field: CronField): string | undefined {
  const has = (wildcard: string) => field.wildcards.includes(wildcard);
  if (item === '?') return has('?') ? undefined : `"?" is only allowed in day-of-month and day-of-week`;
  if (item === 'L') return has('L') ? undefined : `"L" is only allowed in day-of-month and day-of-week`;
  if (/^\d+W$/i.test(item)) {
    return has('W') ? valueProblem(item.slice(0, -1), field) : `"W" is only allowed in day-of-month`;
  }
  if (/L$/i.test(item) && field.name === 'day-of-week') return valueProblem(item.slice(0, -1), field);
  if (item.includes('#')) {
    if (!has('#')) return `"#" is only allowed in day-of-week`;
    const [day, nth] = item.split('#');
    if (!/^[1-5]$/.test(nth ?? '')) return `"${item}": the week after # must be 1-5`;
    return valueProblem(day, field);
  }
  const [base, step, ...rest] = item.split('/');
  if (rest.length > 0) return `"${item}" has more than one "/"`;
  if (step !== undefined && !/^[1-9]\d*$/.test(step))
    return `"${item}": the increment after / must be a positive number`;
  if (base === '*') return undefined;
  const ends = base.split('-');
  if (ends.length > 2 || ends.some((end) => end === '')) return `"${item}" is not a value or a range`;
  for (const end of ends) {
    const problem = valueProblem(end, field);
    if (problem) return problem;
  }
  return undefined;
}

function cronProblem(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `cron() needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
  }
  for (const [index, text] of fields.entries()) {
    const field = CRON_FIELDS[index];
    const items = text.split(',');
    if (items.length > 1 && items.includes('?')) {
      return `the ${field.name} field "${text}": "?" stands alone in its field`;
    }
    if (items.length > 1 && items.some((item) => item.includes('#'))) {
      return `the ${field.name} field "${text}": with "#" it holds one expression only`;
    }
    for (const item of items) {
      const problem = itemProblem(item, field);
      if (problem) return `the ${field.name} field "${text}": ${problem}`;
    }
  }
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    return 'cron() needs "?" in either day-of-month or day-of-week (EventBridge cannot use both)';
  }
  if (dayOfMonth === '?' && dayOfWeek === '?') {
    return 'cron() needs a value or "*" in one of day-of-month and day-of-week ("?" in only one)';
  }
  return undefined;
}

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
  if (cron) return cronProblem(cron[1]);
  return 'must be rate(<n> <unit>) or cron(<6 fields>)';
}
