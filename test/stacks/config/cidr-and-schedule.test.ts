import { cidrContains, cidrsOverlap, parseCidr } from '../../../stacks/config/cidr';
import { scheduleExpressionProblem } from '../../../stacks/config/schedule-expression';

describe('CIDR helpers', () => {
  it('parses a block into its first and last address', () => {
    expect(parseCidr('10.0.0.0/24')).toEqual({ first: 167772160, last: 167772415, prefix: 24 });
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '10.0.0.1/24', 'ten/8'])('rejects %s', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });

  it('detects overlap and containment', () => {
    const vpc = parseCidr('10.0.0.0/16')!;
    const a = parseCidr('10.0.1.0/24')!;
    const b = parseCidr('10.0.1.128/25')!;
    const c = parseCidr('10.0.2.0/24')!;
    expect([cidrsOverlap(a, b), cidrsOverlap(a, c), cidrContains(vpc, a), cidrContains(a, vpc)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});

describe('schedule expressions', () => {
  it.each([
    'rate(5 minutes)',
    'rate(1 hour)',
    'cron(0/15 * * * ? *)',
    'cron(0 8 ? * MON-FRI *)',
    // The reference's own examples and its wildcards.
    'cron(0 10 * * ? *)',
    'cron(15 12 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 0 L * ? *)',
    'cron(0 0 3W * ? *)',
    'cron(0 0 ? * 6L *)',
    'cron(5,35 14 * JAN,feb,MAR ? 2026-2030)',
    'cron(*/10 * * * ? *)',
  ])('accepts %s', (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });

  it.each([
    ['rate(1 minutes)', /singular/],
    ['rate(0 minutes)', /at least 1/],
    ['cron(0 8 * * MON *)', /"\?"/],
    ['cron(0 8 ? * ? *)', /"\?" in only one/],
    ['cron(61 * * * ? *)', /minutes field "61": 61 is outside 0-59/],
    ['cron(0 25 * * ? *)', /hours field "25": 25 is outside 0-23/],
    ['cron(abc * * * ? *)', /minutes field "abc": "abc" is not a value \(0-59\)/],
    ['cron(0 0 32 * ? *)', /day-of-month field "32"/],
    ['cron(0 0 ? 13 * *)', /month field "13": 13 is outside 1-12/],
    ['cron(0 0 ? * 8 *)', /day-of-week field "8": 8 is outside 1-7 or SUN-SAT/],
    ['cron(0 0 ? * FRY *)', /"FRY" is not a value/],
    ['cron(0 0 * * ? 1969)', /year field "1969": 1969 is outside 1970-2199/],
    ['cron(0/0 * * * ? *)', /increment after \/ must be a positive number/],
    ['cron(0 0 ? * 3#1,6#3 *)', /with "#" it holds one expression only/],
    ['cron(0 0 ? * 2#6 *)', /the week after # must be 1-5/],
    ['cron(0 0 ? L * *)', /"L" is only allowed in day-of-month and day-of-week/],
    ['cron(0 0 1W,? * ? *)', /"\?"/],
    ['cron(0 0 * * 3W *)', /"W" is only allowed in day-of-month/],
    ['@hourly', /rate\(<n> <unit>\) or cron/],
  ])('rejects %s', (expression, reason) => {
    expect(scheduleExpressionProblem(expression)).toMatch(reason);
  });
});
