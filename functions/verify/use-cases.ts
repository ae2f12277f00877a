// Public verification by hash: whether the system issued or accepted a document (a copy of the file: copy-check.ts).
// Answers carry the registry's fields only, never personal data.
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { notFound } from '../../shared/http/problem.js';
import type { RegisteredDocument, VerificationRegistry } from '../../shared/signing/verify-registry.js';

export interface VerifyDeps {
  registry: VerificationRegistry;
  catalog: Pick<CatalogRepository, 'getAgencies'>;
}

/** What the registry says of a document, with its agency's name: nothing about the applicant. */
export async function publicView(deps: VerifyDeps, found: RegisteredDocument) {
  const agencies = await deps.catalog.getAgencies([found.agency]);
  return {
    sha256: found.sha256,
    known: true as const,
    documentType: found.documentType,
    dossierCode: found.dossierCode,
    agency: { code: found.agency, name: agencies.get(found.agency)?.name ?? found.agency },
    issuedAt: found.issuedAt,
    signer: found.signer,
    signatureVerdict: found.signatureVerdict,
  };
}

/** One answer for every hash the registry does not hold, whatever the reason. */
const unknownDocument = () =>
  notFound({
    vi: 'Hệ thống không cấp và không tiếp nhận tài liệu nào có mã băm này',
    en: 'The system neither issued nor accepted a document with this hash',
  });

export async function verifyByHash(deps: VerifyDeps, sha256: string) {
  const found = await deps.registry.find(sha256.toLowerCase());
  if (!found) throw unknownDocument();
  return publicView(deps, found);
}
