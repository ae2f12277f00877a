// The certificate chain of the organisation's signing key, as configured (PEM, signer first, then its CAs): parsed,
// checked to be a chain, and handed to pkijs for the CMS.
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';

export class CertificateChainError extends Error {
  override name = 'CertificateChainError';
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/** The chain's certificates, signer first; each must be issued (and signed) by the next. */
export function parseChain(pem: string): { certificates: pkijs.Certificate[]; signer: X509Certificate } {
  const parsed = (pem.match(PEM_BLOCK) ?? []).map((block) => new X509Certificate(block));
  if (parsed.length === 0) throw new CertificateChainError('The certificate chain holds no PEM certificate');
  parsed.forEach((certificate, i) => {
    const issuer = parsed[i + 1];
    if (issuer && !(certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey)))
      throw new CertificateChainError(
        `Certificate ${i + 1} of the chain (${certificate.subject.replace(/\n/g, ', ')}) is not issued by the next one`,
      );
  });
  return {
    certificates: parsed.map((certificate) => pkijs.Certificate.fromBER(certificate.raw)),
    signer: parsed[0]!,
  };
}
