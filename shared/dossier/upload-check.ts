// Checking an upload read back from S3 against what its sender declared, in words they understand, and discarding
// objects no record points to; the citizen's attachments and the officers' results are checked by the same rules.
import { fileTypeFromBuffer } from 'file-type';
import { inspectContent } from '../domain/dossier/content-inspection.js';
import { sizeInWords, type Localized } from '../http/messages.js';
import { logger } from '../powertools.js';
import type { AttachmentStorage, StoredObject } from './storage.js';

const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-executable',
  'application/x-sharedlib',
]);

const TYPE_NAMES: Record<string, Localized> = {
  'application/pdf': { vi: 'một tệp PDF', en: 'a PDF file' },
  'image/jpeg': { vi: 'một ảnh JPEG', en: 'a JPEG image' },
  'image/png': { vi: 'một ảnh PNG', en: 'a PNG image' },
};

export const typeName = (contentType: string): Localized =>
  TYPE_NAMES[contentType] ?? { vi: `kiểu ${contentType}`, en: `of type ${contentType}` };

/** Why an upload is refused (size, type by its magic bytes, a program, active content), or null when it is what was declared. */
export async function refusalOf(
  stored: StoredObject,
  maxBytes: number,
  declared: { contentType: string; declaredSize: number },
): Promise<Localized | null> {
  const { size, bytes } = stored;
  if (size > maxBytes) {
    const limit = sizeInWords(maxBytes);
    return {
      vi: `Tệp quá lớn: tối đa ${limit.vi} cho giấy tờ này`,
      en: `The file is too large: at most ${limit.en} for this document`,
    };
  }
  if (size !== declared.declaredSize) {
    return {
      vi: `Tệp tải lên có ${size} byte, khác với ${declared.declaredSize} byte đã khai báo; hãy tải lại đúng tệp`,
      en: `The uploaded file has ${size} bytes, not the ${declared.declaredSize} declared; upload the right file again`,
    };
  }
  const detectedType = (await fileTypeFromBuffer(bytes))?.mime;
  if (detectedType && EXECUTABLE_TYPES.has(detectedType)) {
    return {
      vi: 'Tệp là chương trình chạy được, không được chấp nhận',
      en: 'The file is a program that can run, and cannot be accepted',
    };
  }
  if (detectedType !== declared.contentType) {
    const name = typeName(declared.contentType);
    return {
      vi: `Nội dung tệp không phải ${name.vi} như đã khai báo`,
      en: `The file's content is not ${name.en} as declared`,
    };
  }
  const inspection = inspectContent(bytes, declared.contentType);
  return inspection.ok ? null : inspection.message;
}

/**
 * Deletes objects no record points to any more. A failure is logged, not returned: the record is already gone, and
 * uploads expire by the bucket's lifecycle rule anyway.
 */
export async function discard(storage: AttachmentStorage, keys: (string | null)[]) {
  const results = await Promise.allSettled(keys.flatMap((key) => (key ? [storage.delete(key)] : [])));
  for (const result of results)
    if (result.status === 'rejected')
      logger.warn('Object left behind', { keys, error: (result.reason as Error).message });
}
