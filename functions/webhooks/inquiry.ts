// Status inquiries by SMS and Zalo (`TRACUU <code>`): answered on the channel they came from with the status, agency
// and due date when the sender is the applicant (their phone number, or the Zalo user who shared that number with
// the Official Account), and with the same "not found" otherwise. Throttled per sender; recorded in the history.
import { dayMonthYearAt } from '../../shared/domain/calendar/local-date.js';
import { inquiryCode, phoneKey } from '../../shared/domain/dossier/lookup.js';
import { pendingNotification } from '../../shared/dossier/acceptance.js';
import { record } from '../../shared/dossier/aggregate.js';
import type { LookupRepository } from '../../shared/dossier/lookup-repository.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import {
  VersionConflictError,
  WriteConditionError,
  type DossierRepository,
} from '../../shared/dossier/repository.js';
import { workplaceOf } from '../../shared/dossier/workplace.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { STATUS_NAMES } from '../../shared/http/messages.js';
import type { Provider } from '../../shared/notify/providers.js';
import { render } from '../../shared/notify/templates.js';
import { jitteredPause } from '../../shared/retry.js';
import { createHash } from 'node:crypto';

export type InquiryChannel = 'sms' | 'zalo';

export interface InquiryDeps {
  dossiers: Pick<DossierRepository, 'get' | 'commit'>;
  lookups: LookupRepository;
  catalog: Pick<CatalogRepository, 'getAgencies'>;
  pipeline: Pick<Pipeline, 'toNotification'>;
  /** Answers about codes no dossier has go straight out: there is no dossier to hold them. */
  replies: Record<InquiryChannel, Provider>;
  secret: () => Promise<string>;
  now: () => number;
  /** Inquiries one sender may make per window (settings `INQUIRIES_PER_HOUR`). */
  perSender: { max: number; windowMs: number };
}

export interface Inquiry {
  channel: InquiryChannel;
  /** The provider's id of the inbound message. */
  messageId: string;
  /** Where the answer goes: the sender's phone number, or their Zalo user id. */
  replyTo: string;
  /** The sender's phone number keyed with the lookup secret, when it is known (an SMS; a linked Zalo user). */
  senderPhoneKey: string | null;
  text: string;
}

export type InquiryOutcome = 'ignored' | 'duplicate' | 'throttled' | 'answered' | 'not-found';

const INQUIRY_ACTOR = { id: 'inquiry', role: 'system' } as const;
const COMMIT_ATTEMPTS = 8;

const senderDigest = (inquiry: Inquiry) => createHash('sha256').update(inquiry.replyTo).digest('base64url');
/** A sender's throttle key: a digest, so the counter's key holds no phone number. */
const senderKey = (inquiry: Inquiry) => `inquiry#${inquiry.channel}#${senderDigest(inquiry)}`;
/**
 * A message as its provider resends it: its id from that sender. A resend always comes from the same sender, so an
 * id a provider reused for someone else's message never silences theirs.
 */
const messageKey = (inquiry: Inquiry) => `${senderDigest(inquiry)}#${inquiry.messageId}`;

export async function answerInquiry(deps: InquiryDeps, inquiry: Inquiry): Promise<InquiryOutcome> {
  const code = inquiryCode(inquiry.text);
  if (!code) return 'ignored';
  // A resent message is not answered twice, nor counted against its sender twice.
  if (await deps.lookups.inboundTaken(inquiry.channel, messageKey(inquiry))) return 'duplicate';
  const now = deps.now();
  const allowed = await deps.lookups.consumeAttempt(
    senderKey(inquiry),
    now,
    deps.perSender.windowMs,
    deps.perSender.max,
  );
  // Over the allowance nothing is sent: a reply per message is what a flood would cost the province.
  if (!allowed.ok) return 'throttled';
  const id = await deps.lookups.idByCode(code);
  const [dossier, secret] = await Promise.all([id ? deps.dossiers.get(id) : null, deps.secret()]);
  if (!dossier || dossier.code !== code) {
    // No dossier holds this answer: the message is marked taken first, and forgotten if the reply cannot go out.
    if (!(await deps.lookups.takeInbound(inquiry.channel, messageKey(inquiry), now))) return 'duplicate';
    try {
      await deps.replies[inquiry.channel]({
        channel: inquiry.channel,
        to: inquiry.replyTo,
        event: 'inquiry-not-found',
        params: { code },
        rendered: render('inquiry-not-found', { code }),
        trackingId: `inquiry:${inquiry.messageId}:${inquiry.channel}`,
      });
    } catch (error) {
      await deps.lookups.forgetInbound(inquiry.channel, messageKey(inquiry));
      throw error;
    }
    return 'not-found';
  }
  const own =
    inquiry.senderPhoneKey !== null && inquiry.senderPhoneKey === phoneKey(secret, dossier.applicant.phone);
  const recorded = await recordAndReply(deps, dossier, inquiry, own);
  if (!recorded) return 'duplicate';
  return own ? 'answered' : 'not-found';
}

/**
 * The inquiry in the history, its reply as a notification and the message marked taken, in one write; the
 * notification stage sends the reply. False when the same message was taken meanwhile (nothing written).
 */
async function recordAndReply(
  deps: InquiryDeps,
  first: DossierRecord,
  inquiry: Inquiry,
  own: boolean,
): Promise<boolean> {
  let dossier: DossierRecord | null = first;
  for (let attempt = 1; dossier; attempt += 1) {
    const now = deps.now();
    const recorded = record(dossier, {
      action: 'inquiry-received',
      actor: INQUIRY_ACTOR,
      at: now,
      note: `channel=${inquiry.channel} sender=${own ? 'applicant' : 'other'}`,
    });
    const params = own ? await answerParams(deps, dossier) : { code: dossier.code! };
    const notification = pendingNotification(
      recorded.dossier,
      own ? 'inquiry-answered' : 'inquiry-not-found',
      // "Not found" is said in Vietnamese to anyone, as for a code nobody has: the applicant's language would tell.
      {
        ...params,
        replyChannel: inquiry.channel,
        replyTo: inquiry.replyTo,
        replyLanguage: own ? (dossier.language ?? 'vi') : 'vi',
      },
      now,
    );
    try {
      await deps.dossiers.commit(recorded.dossier, dossier.version, [recorded.event], [notification], {
        writes: [deps.lookups.inboundMarker(inquiry.channel, messageKey(inquiry), now)],
      });
      await deps.pipeline.toNotification(dossier.id, notification.id);
      return true;
    } catch (error) {
      if (error instanceof WriteConditionError) return false;
      if (!(error instanceof VersionConflictError) || attempt >= COMMIT_ATTEMPTS) throw error;
      await jitteredPause(attempt);
      dossier = await deps.dossiers.get(first.id);
    }
  }
  return false;
}

async function answerParams(deps: InquiryDeps, dossier: DossierRecord) {
  const at = workplaceOf(dossier) ?? dossier.receivingUnit;
  const agencies = await deps.catalog.getAgencies([at]);
  const language = dossier.language ?? 'vi';
  return {
    code: dossier.code!,
    status: STATUS_NAMES[dossier.status][language],
    agency: agencies.get(at)?.name ?? at,
    dueDate: dossier.state.dueAt === null ? '—' : dayMonthYearAt(dossier.state.dueAt),
  };
}
