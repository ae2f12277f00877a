// Fetching a document from the national portal's file link: only from the portal's own files host (setting
// `NATIONAL_PORTAL_FILES_URL`), https and public addresses in AWS (the events' SSRF guard; locally loopback over http
// with `EVENTS_ALLOW_LOOPBACK`) connected only to the addresses checked, no redirect (a 3xx is refused as an answer
// other than 200), a request timeout and a size cap read as it streams in.
import { createHash } from 'node:crypto';
import { checkedReceiver, type ReceiverPolicy } from '../../events/receiver-address.js';
import { pinnedRequest } from '../../events/pinned-request.js';
import type { Localized } from '../../http/messages.js';
import { sizeInWords } from '../../http/messages.js';
import type { StoredObject } from '../../dossier/storage.js';

export type Download = { ok: true; object: StoredObject } | { ok: false; reason: Localized };
export type PortalFiles = (url: string, maxBytes: number) => Promise<Download>;

export interface PortalFilesSettings {
  /** The portal's files origin (`https://host[:port]`): a link elsewhere is refused. */
  filesUrl: string | undefined;
  policy: ReceiverPolicy;
  timeoutMs: number;
}

const refused = (vi: string, en: string): Download => ({ ok: false, reason: { vi, en } });
const RETRY_PAUSE_MS = 500;

/** The longest one file's fetch takes with a request timeout of `timeoutMs`: two attempts and the pause between. */
export const longestFetchMs = (timeoutMs: number) => 2 * timeoutMs + RETRY_PAUSE_MS;

export function portalFiles(settings: PortalFilesSettings): PortalFiles {
  return async (url, maxBytes) => {
    let origin: string | null = null;
    try {
      origin = settings.filesUrl ? new URL(settings.filesUrl).origin : null;
    } catch {
      origin = null;
    }
    let link: URL | null = null;
    try {
      link = new URL(url);
    } catch {
      link = null;
    }
    if (!origin || !link || link.origin !== origin)
      return refused(
        'Đường dẫn tệp không thuộc máy chủ tệp của Cổng Dịch vụ công quốc gia',
        "The file link is not on the national portal's file host",
      );
    const checked = await checkedReceiver(url, settings.policy);
    if (checked.refused)
      return refused(
        'Đường dẫn tệp trỏ tới một địa chỉ không được phép',
        'The file link points to an address that is not allowed',
      );
    let response: Response | null = null;
    // A dropped connection or the portal's own failure (5xx, 429) is tried once more after a pause.
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
      try {
        // Connected only to the addresses just checked: the name is not resolved again (DNS re-binding).
        response = await pinnedRequest(url, {
          method: 'GET',
          addresses: checked.addresses,
          signal: AbortSignal.timeout(settings.timeoutMs),
        });
      } catch {
        response = null;
        continue;
      }
      if (response.status < 500 && response.status !== 429) break;
      if (attempt < 2) await response.body?.cancel();
    }
    if (!response)
      return refused(
        'Không tải được tệp từ Cổng Dịch vụ công quốc gia (không kết nối được hoặc quá thời gian chờ)',
        'The file could not be fetched from the national portal (unreachable or timed out)',
      );
    if (response.status !== 200) {
      await response.body?.cancel();
      return refused(
        `Cổng Dịch vụ công quốc gia trả lời mã ${response.status} khi tải tệp`,
        `The national portal answered ${response.status} for the file`,
      );
    }
    const limit = sizeInWords(maxBytes);
    const tooLarge = () =>
      refused(
        `Tệp quá lớn: tối đa ${limit.vi} cho giấy tờ này`,
        `The file is too large: at most ${limit.en} for this document`,
      );
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      return tooLarge();
    }
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body ?? []) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          await response.body?.cancel().catch(() => undefined);
          return tooLarge();
        }
        hash.update(chunk);
        chunks.push(Buffer.from(chunk));
      }
    } catch {
      return refused(
        'Tệp tải từ Cổng Dịch vụ công quốc gia bị ngắt giữa chừng',
        'The file from the national portal was cut off',
      );
    }
    return { ok: true, object: { size, sha256: hash.digest('hex'), bytes: Buffer.concat(chunks) } };
  };
}
