// Use cases of the subscription routes: a partner's receiver is registered, listed, removed, tested and its
// deliveries read. Every change carries its audit entry; the secret is answered once, at creation.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Caller } from '../../shared/http/handler.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../shared/http/cursor.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import {
  refusedReceiver,
  type ReceiverPolicy,
  type RefusedReceiver,
} from '../../shared/events/receiver-address.js';
import type { Delivery, Subscription, SubscriptionStore } from '../../shared/events/store.js';
import { auditEntry } from '../admin/changes.js';
import type { SubscriptionBody } from './contract.js';

export interface SubscriptionDeps {
  store: SubscriptionStore;
  policy: ReceiverPolicy;
  now: () => number;
}

const REFUSALS: Record<RefusedReceiver, { vi: string; en: string }> = {
  'invalid-url': { vi: 'Địa chỉ không hợp lệ', en: 'Not a valid URL' },
  'not-https': { vi: 'Địa chỉ phải dùng https', en: 'The URL must use https' },
  unresolvable: { vi: 'Không phân giải được tên miền', en: 'The host name does not resolve' },
  'private-address': {
    vi: 'Địa chỉ trỏ tới mạng nội bộ, loopback, link-local hoặc một địa chỉ không công khai khác',
    en: 'The URL resolves to a private, loopback or link-local address, or another that is not public',
  },
};

export const subscriptionNotFound = () =>
  notFound({ vi: 'Không có đăng ký nhận sự kiện này', en: 'No such subscription' });

export const subscriptionView = ({ secret: _secret, ...rest }: Subscription) => rest;

export async function createSubscription(deps: SubscriptionDeps, caller: Caller, body: SubscriptionBody) {
  const refused = await refusedReceiver(body.url, deps.policy);
  if (refused)
    throw new HttpProblem(
      'unprocessable-content',
      { vi: 'Không thể gửi sự kiện tới địa chỉ này', en: 'Events cannot be sent to this URL' },
      [{ field: 'body.url', message: REFUSALS[refused] }],
    );
  if (body.eventTypes.includes('*') && body.eventTypes.length > 1)
    throw new HttpProblem('unprocessable-content', { vi: '"*" phải đứng một mình', en: '"*" stands alone' }, [
      {
        field: 'body.eventTypes',
        message: { vi: '"*" đã gồm mọi loại sự kiện', en: '"*" already means every event type' },
      },
    ]);
  const subscription: Subscription = {
    id: randomUUID(),
    url: body.url,
    eventTypes: [...new Set(body.eventTypes)],
    description: body.description,
    createdAt: new Date(deps.now()).toISOString(),
    secret: `whsec_${randomBytes(32).toString('base64')}`,
  };
  const target = { kind: 'subscription' as const, code: subscription.id };
  await deps.store.create(
    subscription,
    auditEntry(caller, 'subscription.create', target, null, subscriptionView(subscription), deps.now()),
  );
  return { id: subscription.id, secret: subscription.secret };
}

export async function listSubscriptions(deps: Pick<SubscriptionDeps, 'store'>) {
  const items = await deps.store.list();
  return { items: items.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(subscriptionView) };
}

export async function deleteSubscription(deps: SubscriptionDeps, caller: Caller, id: string) {
  const current = await deps.store.get(id);
  if (!current) throw subscriptionNotFound();
  const audit = auditEntry(
    caller,
    'subscription.delete',
    { kind: 'subscription', code: id },
    subscriptionView(current),
    null,
    deps.now(),
  );
  if (!(await deps.store.remove(id, audit))) throw subscriptionNotFound();
}

const deliveryView = (delivery: Delivery) => ({
  ...delivery,
  lastStatus: delivery.attempts.at(-1)?.status ?? null,
});

/** A delivery's position in its subscription's list (its sort key): the event's time, then its id. */
const DELIVERY_POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z#[A-Za-z0-9#_.:-]{1,150}$/;

export async function listDeliveries(
  deps: Pick<SubscriptionDeps, 'store'>,
  id: string,
  query: { pageSize: number; cursor?: string },
) {
  const binding = { subscription: id, pageSize: query.pageSize };
  const after = decodeCursor(query.cursor, binding);
  // The cursor's fingerprint is no secret: what it carries is checked before it becomes a start key.
  if (after !== undefined && !DELIVERY_POSITION.test(after)) throw invalidCursor();
  if (!(await deps.store.get(id))) throw subscriptionNotFound();
  const page = await deps.store.deliveries(id, {
    limit: query.pageSize,
    ...(after !== undefined ? { after } : {}),
  });
  return {
    items: page.items.map(deliveryView),
    nextCursor: page.last ? encodeCursor(page.last, binding) : null,
  };
}
