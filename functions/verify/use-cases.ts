// Public verification: whether the system issued or accepted a document, by its hash or from a copy of the file,
// and for a PDF what its signatures are worth. Answers carry the registry's fields only, never personal data.
import { createHash } from 'node:crypto';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import { notFound } from '../../shared/http/problem.js';
import type { PdfVerification } from '../../shared/signing/verify-pdf.js';
import type { RegisteredDocument, VerificationRegistry } from '../../shared/signing/verify-registry.js';

export interface VerifyDeps {
  registry: VerificationRegistry;
  catalog: Pick<CatalogRepository, 'getAgencies'>;
}

async function publicView(deps: VerifyDeps, found: RegisteredDocument) {
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

/**
 * A copy of a document: known when its hash is registered, and in any case the signatures its PDF carries, so an
 * unknown file (a copy altered, or one the system never saw) still shows who signed it and whether that holds.
 */
export async function verifyCopy(
  deps: VerifyDeps & { verify: (pdf: Buffer) => Promise<PdfVerification> },
  pdf: Buffer,
) {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const [found, checked] = await Promise.all([deps.registry.find(sha256), deps.verify(pdf)]);
  const signatures = { verdict: checked.verdict, signatures: checked.signatures };
  if (!found) return { sha256, known: false as const, ...signatures };
  return { ...(await publicView(deps, found)), ...signatures };
}
