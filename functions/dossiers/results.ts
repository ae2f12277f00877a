// The result documents handed to the applicant online, as short-lived download links; only once released online.
import { dayMonthYearAt } from '../../shared/domain/calendar/local-date.js';
import { DOWNLOAD_LINK_SECONDS, type DownloadPresigner } from '../../shared/dossier/download-presigner.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { DossierReads } from '../../shared/dossier/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import type { Localized } from '../../shared/http/messages.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { mine } from './use-cases.js';

/** Why there is nothing to download yet, and when there will be. */
function notYet(dossier: DossierRecord): Localized {
  if (dossier.status === 'released') {
    return dossier.release?.method === 'post'
      ? {
          vi: 'Kết quả đã được gửi qua bưu chính, không trả trực tuyến',
          en: 'The result was sent by post, not online',
        }
      : {
          vi: 'Kết quả đã được trả tại bộ phận một cửa, không trả trực tuyến',
          en: 'The result was handed over at the counter, not online',
        };
  }
  if (dossier.status === 'resolved') {
    return {
      vi: 'Hồ sơ đã xử lý xong; kết quả tải được ngay khi cơ quan trả kết quả trực tuyến',
      en: 'The dossier is resolved; the result can be downloaded as soon as the agency releases it online',
    };
  }
  if (dossier.state.dueAt !== null) {
    const day = dayMonthYearAt(dossier.state.dueAt);
    return {
      vi: `Kết quả tải được khi hồ sơ được trả kết quả trực tuyến, hẹn chậm nhất 17:00 ngày ${day}`,
      en: `The result can be downloaded once the dossier is released online, due by 17:00 on ${day}`,
    };
  }
  return {
    vi: 'Kết quả tải được khi hồ sơ được xử lý xong và trả kết quả trực tuyến; ngày hẹn có sau khi hồ sơ được tiếp nhận đủ',
    en: 'The result can be downloaded once the dossier is resolved and released online; the due date is set once it is accepted complete',
  };
}

export async function listResults(
  deps: { dossiers: DossierReads; downloads: DownloadPresigner; now: () => number },
  caller: Caller,
  id: string,
) {
  const found = await deps.dossiers.getForStaff(id);
  const dossier = mine(caller, id, found?.dossier ?? null);
  if (dossier.status !== 'released' || dossier.release?.method !== 'online') {
    throw new HttpProblem('conflict', notYet(dossier));
  }
  const handedOver = dossier.results ?? [];
  const results = found!.results
    .filter((r) => handedOver.includes(r.id) && r.status === 'verified' && r.objectKey && r.sha256)
    .sort((a, b) => handedOver.indexOf(a.id) - handedOver.indexOf(b.id));
  const expiresAt = new Date(deps.now() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
  return {
    items: await Promise.all(
      results.map(async (r) => ({
        id: r.id,
        fileName: r.fileName,
        sha256: r.sha256!,
        downloadUrl: await deps.downloads.presignGet(r.objectKey!, r.fileName, DOWNLOAD_LINK_SECONDS),
      })),
    ),
    expiresAt,
  };
}
