// One delivery attempt: the CloudEvent (structured JSON) POSTed with Standard Webhooks signature headers.
import { CloudEvent, HTTP, type CloudEventV1 } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import type { OutboxEntry, OutboxEvent } from './model.js';
import { pinnedRequest } from './pinned-request.js';
import { cloudEvent } from './cloud-event.js';

export { cloudEvent } from './cloud-event.js';

/** The CloudEvent as it travels in the delivery queue and to the receiver. */
export interface EventEnvelope {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

export function dossierEvent(entry: OutboxEntry, event: OutboxEvent): EventEnvelope {
  return cloudEvent({
    id: event.id,
    type: event.type,
    subject: entry.view.code,
    time: event.time,
    data: { ...entry.view, sequence: event.sequence },
  });
}

export type AttemptOutcome = { ok: true; status: number } | { ok: false; status?: number; error: string };

/**
 * POSTs one event, signed with the subscription's secret; the same `webhook-id` on every attempt. Connected only to
 * `addresses`, those the receiver's name was checked at (receiver-address.ts).
 */
export async function postEvent(
  url: string,
  secret: string,
  envelope: EventEnvelope,
  now: Date,
  timeoutMs: number,
  addresses: readonly string[],
): Promise<AttemptOutcome> {
  const message = HTTP.structured(new CloudEvent({ ...envelope } as CloudEventV1<Record<string, unknown>>));
  const body = String(message.body);
  const signature = new Webhook(secret).sign(envelope.id, now, body);
  try {
    const response = await pinnedRequest(url, {
      method: 'POST',
      addresses,
      headers: {
        'content-type': 'application/cloudevents+json; charset=utf-8',
        'webhook-id': envelope.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Only the status counts: the answer's body is dropped unread (the connection closes), however long it is.
    await response.body?.cancel().catch(() => undefined);
    return response.ok
      ? { ok: true, status: response.status }
      : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const name = (error as Error).name;
    return { ok: false, error: name === 'TimeoutError' ? 'timeout' : 'unreachable' };
  }
}
