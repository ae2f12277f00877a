// Channels applicants are reached on: e-mail (SES v2), SMS (a generic HTTP gateway), Zalo ZNS (template + params),
// or, on the local stack, a dev outbox that records what would be sent.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Channel } from '../dossier/model.js';
import { readSecret } from '../secrets.js';
import type { Rendered } from './templates.js';

export interface Message {
  channel: Channel;
  /** E-mail address or phone number; never logged. */
  to: string;
  event: string;
  params: Record<string, string>;
  rendered: Rendered;
  /** Our id for the send, echoed back by providers in delivery reports. */
  trackingId: string;
}

export interface SendResult {
  providerMessageId: string;
}

export type Provider = (message: Message) => Promise<SendResult>;

export class ProviderError extends Error {
  override name = 'ProviderError';
}

/** Reads a provider credential when a message is sent (from Secrets Manager in AWS, so it can be rotated). */
export type Credential = () => Promise<string | undefined>;

async function required(credential: Credential, what: string): Promise<string> {
  const value = await credential();
  if (!value) throw new ProviderError(`${what} is not configured`);
  return value;
}

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await response.text();
  if (!response.ok) throw new ProviderError(`HTTP ${response.status}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export function devOutboxProvider(url: string): Provider {
  return async (message) => {
    const result = await postJson(url, message);
    return { providerMessageId: String(result.id ?? message.trackingId) };
  };
}

export function sesProvider(from: string): Provider {
  const ses = new SESv2Client({});
  return async (message) => {
    const result = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.rendered.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.rendered.text, Charset: 'UTF-8' } },
          },
        },
        EmailTags: [{ Name: 'trackingId', Value: message.trackingId.replace(/[^A-Za-z0-9_-]/g, '_') }],
      }),
    );
    return { providerMessageId: result.MessageId ?? message.trackingId };
  };
}

export function httpSmsProvider(url: string, token: Credential, brandname: string): Provider {
  return async (message) => {
    const bearer = await required(token, 'The SMS gateway token');
    const result = await postJson(
      url,
      { to: message.to, brandname, message: message.rendered.text, trackingId: message.trackingId },
      { authorization: `Bearer ${bearer}` },
    );
    return { providerMessageId: String(result.messageId ?? message.trackingId) };
  };
}

/** Zalo Notification Service: template id + parameters to a phone number in 84… form. */
export function zaloZnsProvider(
  url: string,
  accessToken: Credential,
  templateIds: Record<string, string>,
): Provider {
  return async (message) => {
    const templateId = templateIds[message.event];
    if (!templateId) throw new ProviderError(`No ZNS template for ${message.event}`);
    const token = await required(accessToken, 'The Zalo access token');
    const phone = message.to.replace(/^\+?84|^0/, '84');
    const result = await postJson(
      url,
      { phone, template_id: templateId, template_data: message.params, tracking_id: message.trackingId },
      { access_token: token },
    );
    if (typeof result.error === 'number' && result.error !== 0)
      throw new ProviderError(`ZNS error ${result.error}`);
    return {
      providerMessageId: String(
        (result.data as { msg_id?: string } | undefined)?.msg_id ?? message.trackingId,
      ),
    };
  };
}

/**
 * A reply in the Official Account's chat to a Zalo user who wrote to it (a consultation message, allowed within the
 * days after the user's message): the OA's access token, the user's id, plain text.
 */
export function zaloOaMessageProvider(url: string, accessToken: Credential): Provider {
  return async (message) => {
    const token = await required(accessToken, 'The Zalo access token');
    const result = await postJson(
      url,
      { recipient: { user_id: message.to }, message: { text: message.rendered.text } },
      { access_token: token },
    );
    if (typeof result.error === 'number' && result.error !== 0)
      throw new ProviderError(`Zalo OA error ${result.error}`);
    return {
      providerMessageId: String(
        (result.data as { message_id?: string } | undefined)?.message_id ?? message.trackingId,
      ),
    };
  };
}

/** The SMS gateway; built apart from the e-mail provider, so the inquiry webhooks carry no SES client. */
const smsProviderFromEnv = (env: NodeJS.ProcessEnv): Provider =>
  httpSmsProvider(env.SMS_GATEWAY_URL ?? '', () => readSecret('SMS_GATEWAY_TOKEN'), env.SMS_BRANDNAME ?? '');

/** Where replies to SMS and Zalo inquiries go: the SMS gateway, the Official Account's chat. */
export function replyProvidersFromEnv(env: NodeJS.ProcessEnv): Record<'sms' | 'zalo', Provider> {
  if (env.NOTIFY_PROVIDER === 'dev-outbox') {
    const outbox = devOutboxProvider(env.DEV_OUTBOX_URL ?? '');
    return { sms: outbox, zalo: outbox };
  }
  return {
    sms: smsProviderFromEnv(env),
    zalo: zaloOaMessageProvider(env.ZALO_OA_MESSAGE_URL ?? 'https://openapi.zalo.me/v3.0/oa/message/cs', () =>
      readSecret('ZALO_ACCESS_TOKEN'),
    ),
  };
}

/** Providers per channel from configuration (NOTIFY_PROVIDER=dev-outbox on the local stack, live in AWS). */
export function providersFromEnv(env: NodeJS.ProcessEnv): Record<Channel, Provider> {
  if (env.NOTIFY_PROVIDER === 'dev-outbox') {
    const outbox = devOutboxProvider(env.DEV_OUTBOX_URL ?? '');
    return { email: outbox, sms: outbox, zalo: outbox };
  }
  return {
    email: sesProvider(env.NOTIFY_EMAIL_FROM ?? ''),
    sms: smsProviderFromEnv(env),
    zalo: zaloZnsProvider(
      env.ZALO_ZNS_URL ?? 'https://business.openapi.zalo.me/message/template',
      () => readSecret('ZALO_ACCESS_TOKEN'),
      JSON.parse(env.ZALO_TEMPLATE_IDS ?? '{}') as Record<string, string>,
    ),
  };
}
