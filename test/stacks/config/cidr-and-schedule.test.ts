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
  it.each(['rate(5 minutes)', 'rate(1 hour)', 'cron(0/15 * * * ? *)', 'cron(0 8 ? * MON-FRI *)'])(
    'accepts %s',
    (expression) => {
      expect(scheduleExpressionProblem(expression)).toBeUndefined();
    },
  );

  it.each([
    ['rate(1 minutes)', /singular/],
    ['rate(0 minutes)', /at least 1/],
    ['cron(0 8 * * MON *)', /"\?"/],
    ['@hourly', /rate\(<n> <unit>\) or cron/],
  ])('rejects %s', (expression, reason) => {
    expect(scheduleExpressionProblem(expression)).toMatch(reason);
  });
});
