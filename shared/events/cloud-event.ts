// An event as a CloudEvent 1.0, in its own module: a function that never builds one carries no CloudEvents library.
import { CloudEvent } from 'cloudevents';
import type { EventEnvelope } from './delivery.js';
import { EVENT_SOURCE } from './model.js';

export function cloudEvent(
  fields: Pick<EventEnvelope, 'id' | 'type' | 'subject' | 'time' | 'data'>,
): EventEnvelope {
  // The library validates the attributes against CloudEvents 1.0 (it throws on a malformed one).
  const event = new CloudEvent({
    ...fields,
    source: EVENT_SOURCE,
    datacontenttype: 'application/json',
  });
  return event.toJSON() as unknown as EventEnvelope;
}
