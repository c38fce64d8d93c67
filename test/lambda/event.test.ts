import { RESOURCE_NAMES } from '../../lambda/src/constants';
import { EventError } from '../../lambda/src/errors';
import { parseEvent } from '../../lambda/src/event';

describe('parseEvent', () => {
  it.each([
    ['an empty object', {}],
    ['no event', undefined],
    [
      'an EventBridge scheduled event',
      { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
    ],
    ['ingest without resources', { action: 'ingest' }],
  ])('ingests every resource for %s', (_label, event) => {
    expect(parseEvent(event)).toEqual({ action: 'ingest', resources: RESOURCE_NAMES });
  });

  it('ingests the requested subset', () => {
    expect(parseEvent({ action: 'ingest', resources: ['todos', 'users'] })).toEqual({
      action: 'ingest',
      resources: ['todos', 'users'],
    });
  });

  it('recognises migrate and counts', () => {
    expect(parseEvent({ action: 'migrate' })).toEqual({ action: 'migrate' });
    expect(parseEvent({ action: 'counts' })).toEqual({ action: 'counts' });
  });

  it.each([
    [[], /non-empty array/],
    ['users', /non-empty array/],
    [['users', 'widgets'], /unknown resources \["widgets"\]/],
  ])('rejects resources %j', (resources, message) => {
    expect(() => parseEvent({ action: 'ingest', resources })).toThrow(message);
  });

  it('rejects unknown actions and non-object events', () => {
    expect(() => parseEvent({ action: 'truncate' })).toThrow(EventError);
    expect(() => parseEvent('ingest')).toThrow('the event must be a JSON object');
  });
});
