// Route contract of createSubscription, in a module of its own so its handler bundles only its own schemas.
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN } from '../admin/contract.js';
import { createdSubscriptionSchema, subscriptionBodySchema } from './contract.js';

export const createSubscriptionRoute = defineRoute({
  operationId: 'createSubscription',
  method: 'POST',
  path: '/admin/subscriptions',
  summary:
    "Register a partner's receiver of dossier events (CloudEvents 1.0, signed with Standard Webhooks): the `whsec_` secret is shown once",
  tags: ['admin'],
  auth: ADMIN,
  request: {
    query: noQuery,
    body: subscriptionBodySchema,
    examples: {
      dashboard: {
        summary: "The province's dashboard follows acceptances and results",
        value: {
          url: 'https://dashboard.example.gov.vn/hooks/mot-cua',
          eventTypes: ['vn.gov.motcua.dossier.accept', 'vn.gov.motcua.dossier.resolve'],
          description: 'Bảng điều hành tỉnh',
        },
      },
    },
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    {
      status: 201,
      description: 'The subscription and its signing secret',
      schema: createdSubscriptionSchema,
    },
    problem(
      422,
      'The URL is not https, or resolves to an address that is not global unicast (private, loopback, link-local, reserved, a tunnel)',
    ),
    ...problemResponses(),
  ],
});
