// A partner fetches one document through a signed link (shared/partner-files/link.ts): the signature and expiry are
// checked, the fetch is recorded in the dossier's receiving unit's access log before any link leaves, and the answer
// is a short-lived presigned GET of the stored file.
import type { DownloadPresigner } from '../../shared/dossier/download-presigner.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import { readPartnerFileToken, type PartnerLinkKey } from '../../shared/partner-files/link.js';
import type { PartnerFileStore } from '../../shared/partner-files/store.js';

/** The partner whose links these are: the name its reads carry in the access log. */
export const NATIONAL_PORTAL_PARTNER = 'partner:national-portal';
/** The redirect is followed at once: a minute is plenty, and the file's own link is never worth keeping. */
export const PARTNER_DOWNLOAD_SECONDS = 60;

export interface PartnerFileDeps {
  /** The links' key and base URL, or undefined where links are not configured (then none is valid). */
  key: () => Promise<PartnerLinkKey | undefined>;
  files: PartnerFileStore;
  downloads: DownloadPresigner;
  now: () => number;
}

const unknownLink = () => notFound({ vi: 'Không có tệp theo đường dẫn này', en: 'No file behind this link' });

export async function partnerFile(deps: PartnerFileDeps, token: string) {
  const key = await deps.key();
  if (!key) throw unknownLink();
  const now = deps.now();
  const read = readPartnerFileToken(key, token, now);
  if (!read.ok && read.reason === 'expired')
    throw new HttpProblem('gone', {
      vi: 'Đường dẫn tệp đã hết hạn; lần đồng bộ hồ sơ tiếp theo gửi đường dẫn mới',
      en: "The file link has expired; the dossier's next sync sends a new one",
    });
  if (!read.ok) throw unknownLink();
  const found = await deps.files.find(read.ref);
  if (!found || found.document.status !== 'verified' || !found.document.objectKey) throw unknownLink();
  // Recorded before the link leaves: a fetch that is not recorded is not answered.
  await deps.files.recordAccess({
    dossierId: read.ref.dossierId,
    at: new Date(now).toISOString(),
    officer: NATIONAL_PORTAL_PARTNER,
    agency: found.receivingUnit,
    what: 'partner-download',
    documents: [read.ref.documentId],
  });
  const url = await deps.downloads.presignGet(
    found.document.objectKey,
    found.document.fileName,
    PARTNER_DOWNLOAD_SECONDS,
    { contentType: found.document.contentType },
  );
  return { status: 303, json: null, headers: { location: url, 'cache-control': 'no-store' } };
}
