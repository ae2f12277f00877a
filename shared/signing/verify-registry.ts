// The registry of documents the system issued (forms) or accepted (results): one item per document hash, written in
// the same transaction as the history event that issues or hands over the document, read by the public /verify routes.
// It holds what a holder of the paper may learn and nothing about the applicant (no name, ID number, phone, address).
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConditionalPut } from '../dossier/repository.js';
import type { FormType, SignatureCheck } from '../dossier/model.js';

export type RegisteredDocumentType = FormType | 'result';

export interface RegisteredDocument {
  sha256: string;
  documentType: RegisteredDocumentType;
  dossierCode: string;
  /** The issuing agency's unit identifier. */
  agency: string;
  issuedAt: string;
  /** The signer of the signature covering the whole document, as its certificate names them. */
  signer: { commonName: string | null; organization: string | null } | null;
  /** The verifier's verdict when the document was accepted; null for a form (the organisation signs it itself). */
  signatureVerdict: SignatureCheck['verdict'] | null;
}

export const registryPk = (sha256: string) => `VERIFY#${sha256}`;

/**
 * The registry's item for a document, as a write of a dossier's commit. The sort key names the dossier and document,
 * so the same bytes accepted by two dossiers are two entries; one entry is written once (a redelivery's transaction
 * fails on the dossier's version first).
 */
export function registryWrite(
  document: RegisteredDocument,
  source: { dossierId: string; id: string },
): ConditionalPut {
  return {
    item: {
      pk: registryPk(document.sha256),
      sk: `${document.issuedAt}#${source.dossierId}#${source.id}`,
      registered: document,
    },
    condition: 'attribute_not_exists(pk)',
  };
}

/** The signer and verdict a result's signature check gives the registry. */
export function signatureSummary(
  check: SignatureCheck | undefined,
): Pick<RegisteredDocument, 'signer' | 'signatureVerdict'> {
  if (!check) return { signer: null, signatureVerdict: null };
  return { signer: check.signatures.at(-1)?.signer ?? null, signatureVerdict: check.verdict };
}

export interface VerificationRegistry {
  /** The first registration of a hash (the oldest), or null when the system never issued nor accepted it. */
  find(sha256: string): Promise<RegisteredDocument | null>;
}

export function dynamoVerificationRegistry(
  client: DynamoDBDocumentClient,
  TableName: string,
): VerificationRegistry {
  return {
    async find(sha256) {
      const result = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': registryPk(sha256) },
          Limit: 1,
        }),
      );
      return (result.Items?.[0]?.registered as RegisteredDocument | undefined) ?? null;
    },
  };
}

/** The registry's items of an issued form: under the stored bytes' hash and, once forms carry one, their content's. */
export function formRegistryWrites(
  dossier: { id: string; code: string | null; receivingUnit: string },
  form: {
    id: string;
    type: FormType;
    params: Record<string, string>;
    issuedAt: string | null;
    sha256: string | null;
    contentSha256?: string | null;
  },
  check?: Pick<RegisteredDocument, 'signer' | 'signatureVerdict'>,
): ConditionalPut[] {
  const hashes = [...new Set([form.sha256, form.contentSha256].filter((h): h is string => Boolean(h)))];
  // The issuer the form names: the receiving unit for a receipt, else the agency of the step that asked for it.
  const agency =
    form.type === 'receipt' ? dossier.receivingUnit : (form.params.agency ?? dossier.receivingUnit);
  return hashes.map((sha256) =>
    registryWrite(
      {
        sha256,
        documentType: form.type,
        dossierCode: dossier.code ?? '',
        agency,
        issuedAt: form.issuedAt ?? '',
        signer: check?.signer ?? null,
        signatureVerdict: check?.signatureVerdict ?? null,
      },
      { dossierId: dossier.id, id: form.id },
    ),
  );
}
