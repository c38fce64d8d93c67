import { main } from '../../../cli/plan-comment/cli';

describe('npm run plan-comment', () => {
  it('exits 2 with usage when the CLI is called without a stack or a run URL', async () => {
    const logs: string[] = [];
    expect(await main(['render', '--run-url', 'https://x'], {}, (line) => logs.push(line))).toBe(2);
    expect(await main(['render', '--stack', 'dev'], {}, (line) => logs.push(line))).toBe(2);
    expect(await main(['publish'], {}, (line) => logs.push(line))).toBe(2);
    expect(logs[0]).toContain('--stack is required');
    expect(logs[1]).toContain('--run-url is required');
    expect(logs[2]).toContain('usage:');
  });
});
