// Schemas the public verification routes share: what the registry says of a document, and what the verifier found.
import * as z from 'zod/mini';

export const sha256Schema = z
  .string()
  .check(z.regex(/^[0-9a-fA-F]{64}$/))
  .register(z.globalRegistry, {
    description: 'SHA-256 of the document file (or, for a form, of its content record), hex',
  });

const signer = z.nullable(
  z.strictObject({ commonName: z.nullable(z.string()), organization: z.nullable(z.string()) }),
);
const signatureVerdict = z.enum(['valid', 'untrusted', 'expired', 'modified', 'malformed']);
const documentVerdict = z.enum(['valid', 'untrusted', 'expired', 'modified', 'malformed', 'unsigned']);

/** What the system recorded when it issued (a form) or accepted (a result) the document: nothing about the applicant. */
const registeredShape = {
  sha256: z.string(),
  known: z.literal(true),
  documentType: z.string().register(z.globalRegistry, {
    description:
      '`result` (a result document an agency handed over) or the form: `receipt`, `supplement-request`, `refusal`, `apology`…',
  }),
  dossierCode: z.string(),
  /** The issuing agency. */
  agency: z.strictObject({ code: z.string(), name: z.string() }),
  issuedAt: z.string(),
  /** The signer of the signature covering the whole document, as its certificate names them (a form: the organisation). */
  signer,
  /**
   * The verifier's verdict when the document was accepted (a result) or issued (a form, checked once signed against the
   * trusted roots); null for a form issued before forms were checked.
   */
  signatureVerdict: z.nullable(documentVerdict),
};
export const registeredSchema = z.strictObject(registeredShape);

/** Each signature the verifier found in the PDF sent. */
const signaturesShape = {
  verdict: documentVerdict,
  signatures: z.array(
    z.strictObject({
      verdict: signatureVerdict,
      /** Why, in the verifier's words (English). */
      reason: z.string(),
      signer,
      signedAt: z.nullable(z.string()),
      timeSource: z.nullable(z.enum(['timestamp', 'signing-time'])),
      coversWholeDocument: z.boolean(),
      digestAlgorithm: z.nullable(z.string()),
    }),
  ),
};

/** An unknown copy (a copy altered, or one the system never saw): who signed it, and whether that holds. */
export const unknownCopySchema = z.strictObject({
  sha256: z.string(),
  known: z.literal(false),
  ...signaturesShape,
});

/** The answer for a checked copy: the registry's, as `GET /verify/{sha256}` gives it, or the signature report. */
export const checkedCopySchema = z.union([registeredSchema, unknownCopySchema]);

/** A copy check's id: the resource `GET /verify/uploads/{id}` answers. */
export const copyCheckIdSchema = z.uuid().register(z.globalRegistry, {
  description: 'The copy check, as `POST /verify/uploads` or `POST /verify` named it',
});

/** A copy check under way, with the resource that answers for it. */
export const copyCheckStateSchema = z.strictObject({
  id: z.string(),
  status: z.literal('pending'),
  /** The resource to poll: `GET` answers 202 while pending, then the check. */
  check: z.string(),
});
