// Short-lived download links to verified files, named as they were uploaded. Kept apart so that only the
// functions that hand out links carry the presigning code.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Download links last five minutes: long enough to open a file, too short to be worth passing around. */
export const DOWNLOAD_LINK_SECONDS = 300;

export interface DownloadOptions {
  /** `attachment` (the default) saves the file; `inline` opens it in the browser (a form to read or print). */
  disposition?: 'attachment' | 'inline';
  /** The content type S3 answers with, whatever the object was stored as. */
  contentType?: string;
}

export interface DownloadPresigner {
  presignGet(
    key: string,
    fileName: string,
    expiresSeconds: number,
    options?: DownloadOptions,
  ): Promise<string>;
}

export function s3DownloadPresigner(s3: S3Client, bucket: string): DownloadPresigner {
  return {
    presignGet: (key, fileName, expiresSeconds, options = {}) =>
      getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          // RFC 6266: the ASCII fallback and the UTF-8 name, so a browser saves it under its Vietnamese name.
          ResponseContentDisposition: `${options.disposition ?? 'attachment'}; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          ...(options.contentType ? { ResponseContentType: options.contentType } : {}),
        }),
        { expiresIn: expiresSeconds },
      ),
  };
}
