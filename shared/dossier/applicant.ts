// The applicant data citizens submit, validated with zod: apart from the records' types, so a function that only
// reads dossiers carries none of these schemas.
import * as z from 'zod/mini';
import { messageKey } from '../http/messages.js';
import {
  citizenIdMessage,
  emailForEmailChannelMessage,
  formFieldNameMessage,
  formFieldsMaxMessage,
  formNumberMessage,
  mobilePhoneMessage,
  procedureCodeMessage,
  uniqueChannelsMessage,
} from '../http/field-messages.js';
import { plainText } from '../text.js';
import { CHANNELS } from './model.js';

/** CCCD: 12 digits, the first three a province code 001–096. */
export const citizenId = z
  .string()
  .check(z.regex(/^(0[0-9][1-9]|0[1-8][0-9]|09[0-6])[0-9]{9}$/, messageKey(citizenIdMessage)));
/** Vietnamese mobile numbers, national (0…) or international (+84…) form. */
export const vietnamesePhone = z
  .string()
  .check(z.regex(/^(?:0|\+84)(?:3|5|7|8|9)[0-9]{8}$/, messageKey(mobilePhoneMessage)));

/** Free text of one line as it will print on forms: see plainText; empty once cleaned is refused. */
export const line = (maxLength: number) =>
  z.pipe(
    z.pipe(z.string().check(z.maxLength(maxLength * 2)), z.transform(plainText)),
    z.string().check(z.minLength(1), z.maxLength(maxLength)),
  );

export const applicantSchema = z.strictObject({
  fullName: line(100),
  citizenId,
  phone: vietnamesePhone,
  email: z.optional(z.email().check(z.maxLength(254))),
  address: line(300),
});
export type Applicant = z.infer<typeof applicantSchema>;

/** Numbers DynamoDB stores as they were sent: beyond ±(2^53 − 1) a JavaScript number is no longer exact. */
export const formValue = z.union([
  z.string().check(z.maxLength(2000)),
  z
    .number()
    .check(
      z.minimum(-Number.MAX_SAFE_INTEGER, messageKey(formNumberMessage)),
      z.maximum(Number.MAX_SAFE_INTEGER, messageKey(formNumberMessage)),
    ),
  z.boolean(),
]);

export const createDossierSchema = z
  .strictObject({
    procedureCode: z.string().check(z.regex(/^[0-9]\.[0-9]{6}$/, messageKey(procedureCodeMessage))),
    applicant: applicantSchema,
    form: z._default(
      z.record(
        z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, messageKey(formFieldNameMessage))),
        formValue,
      ),
      {},
    ),
    channels: z
      .array(z.enum(CHANNELS))
      .check(
        z.minLength(1),
        z.maxLength(3),
        z.refine((list) => new Set(list).size === list.length, messageKey(uniqueChannelsMessage)),
      )
      .register(z.globalRegistry, { uniqueItems: true }),
    /** Language of the notifications the applicant receives. */
    language: z._default(z.enum(['vi', 'en']), 'vi'),
  })
  .check(
    z.superRefine((input, ctx) => {
      if (input.channels.includes('email') && !input.applicant.email) {
        ctx.addIssue({
          code: 'custom',
          path: ['applicant', 'email'],
          message: messageKey(emailForEmailChannelMessage),
        });
      }
      if (Object.keys(input.form).length > 50)
        ctx.addIssue({ code: 'custom', path: ['form'], message: messageKey(formFieldsMaxMessage) });
    }),
  );
export type CreateDossierInput = z.infer<typeof createDossierSchema>;
