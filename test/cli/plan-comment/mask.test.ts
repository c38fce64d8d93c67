import { MASK } from '../../../cli/plan-comment/constants';
import { flattenValues, scrubSecrets } from '../../../cli/plan-comment/mask';

describe('masking secrets in the comment', () => {
  it('scrubs a secret and its JSON-escaped form', () => {
    const secret = 'p@ss"word-123';
    const text = `url = mysql://admin:${secret}@host\njson = "${JSON.stringify(secret).slice(1, -1)}"`;
    expect(scrubSecrets(text, new Set([secret]))).toBe(
      'url = mysql://admin:(sensitive value)@host\njson = "(sensitive value)"',
    );
  });

  it('masks values under secret-like keys and secrets written inside values, but keeps them comparable', () => {
    const flat = flattenValues(
      {
        db_pass: 'hunter2hunter2',
        user_data: '#!/bin/bash\nexport DB_PASSWORD=s3cr3t-value\nrun --verbose',
        environment: [{ variables: { LOG_LEVEL: 'debug', API_TOKEN: 'abc123def' } }],
      },
      undefined,
      undefined,
    );

    expect(flat.get('db_pass')?.text).toBe(MASK);
    expect(flat.get('user_data')?.text).toBe(
      JSON.stringify(`#!/bin/bash\nexport DB_PASSWORD=${MASK}\nrun --verbose`),
    );
    expect(flat.get('user_data')?.raw).toContain('s3cr3t-value');
    expect(flat.get('environment[0].variables.API_TOKEN')?.text).toBe(MASK);
    expect(flat.get('environment[0].variables.LOG_LEVEL')?.text).toBe('"debug"');
  });
});
