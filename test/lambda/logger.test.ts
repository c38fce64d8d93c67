import { createLogger } from '../../lambda/src/logger';

describe('createLogger', () => {
  it('writes one JSON object per line with inherited fields, above its level only', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', sink: { write: (line) => lines.push(line) } }).child({
      run_id: 'r',
    });

    logger.debug('hidden');
    logger.info('shown', { count: 2 });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toEqual({
      timestamp: expect.any(String),
      level: 'info',
      message: 'shown',
      run_id: 'r',
      count: 2,
    });
  });

  it('redacts fields that look secret and serialises errors by name and message', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', sink: { write: (line) => lines.push(line) } });

    logger.error('boom', {
      password: 'hunter2',
      db: { secretString: 'x', user: 'app' },
      error: new TypeError('bad'),
    });

    expect(lines[0]).not.toContain('hunter2');
    expect(JSON.parse(lines[0])).toMatchObject({
      password: '[redacted]',
      db: { secretString: '[redacted]', user: 'app' },
      error: { name: 'TypeError', message: 'bad' },
    });
  });
});
