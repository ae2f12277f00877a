// The test event of POST /admin/subscriptions/{id}/test is written out without the CloudEvents library: it must be
// what the library builds from the same attributes, and valid CloudEvents 1.0.
import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { cloudEvent } from '../../shared/events/cloud-event.js';
import { TEST_EVENT_TYPE } from '../../shared/events/model.js';
import { testEvent } from '../../functions/events/test-event.js';

describe('the test event', () => {
  const now = Date.parse('2026-12-04T03:04:05.678Z');
  const event = testEvent('sub-1', '0b6a3c1e-8f1d-4f7e-9a51-2f4c8d7e6b10', now);

  it('is the CloudEvent the library builds from the same attributes, as sent', () => {
    const built = cloudEvent({
      id: event.id,
      type: TEST_EVENT_TYPE,
      subject: 'sub-1',
      time: '2026-12-04T03:04:05.678Z',
      data: { subscriptionId: 'sub-1' },
    });
    expect(JSON.parse(JSON.stringify(event))).toStrictEqual(JSON.parse(JSON.stringify(built)));
  });

  it('passes the library’s validation of CloudEvents 1.0', () => {
    expect(new CloudEvent({ ...event }).validate()).toBe(true);
  });
});
