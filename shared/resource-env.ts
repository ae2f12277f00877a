// Environment variable through which a function learns a resource's name or URL, the same in AWS and locally.

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export const resourceEnv = {
  table: (name: string) => `TABLE_${snake(name)}`,
  bucket: (name: string) => `BUCKET_${snake(name)}`,
  queueUrl: (name: string) => `QUEUE_${snake(name)}_URL`,
  /** URL of a queue's DLQ, for a consumer that puts there what can never succeed (with why). */
  deadLetterQueueUrl: (name: string) => `DLQ_${snake(name)}_URL`,
  /** ARN of the Secrets Manager secret holding this one credential. */
  secretArn: (name: SecretName) => `${name}_ARN`,
  /** Id (ARN) of the stage's KMS signing key, for the functions that sign with it. */
  signingKeyId: () => 'SIGNING_KEY_ID',
};

/**
 * Credentials of the notification providers and of their webhooks (delivery reports, inbound SMS, the Zalo Official
 * Account's), the national payment platform's shared secret, and the key that derives receipts' lookup PINs and signs their links: never deployment settings or logs.
 */
export const SECRET_NAMES = [
  'SMS_GATEWAY_TOKEN',
  'ZALO_ACCESS_TOKEN',
  'DELIVERY_WEBHOOK_SECRET',
  'LOOKUP_SECRET',
  'SMS_INBOUND_WEBHOOK_SECRET',
  'ZALO_OA_SECRET',
  'PAYMENT_PLATFORM_SECRET',
  'NATIONAL_PORTAL_PUSH_SECRET',
  // Not a credential but kept like one: a PEM chain outgrows Lambda's 4 KB environment and is renewed without a deployment.
  'SIGNING_CERTIFICATE_CHAIN',
  'NATIONAL_PORTAL_PASSWORD',
  // Signs partner file links (GET /partner-files/{token}): the sync signs them, that route verifies them.
  'PARTNER_FILES_SECRET',
  // Keys the national portal's dossiers by their owner's ID number for the applicants' index (no ID number stored there).
  'APPLICANT_LINK_SECRET',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
