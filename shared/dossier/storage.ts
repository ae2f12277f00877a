// Attachment objects in S3: reading an upload back to verify it, keeping the verified bytes, and deleting objects
// (presigned uploads: upload-presigner.ts).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';

export interface StoredObject {
  size: number;
  sha256: string;
  bytes: Buffer;
}

export interface AttachmentStorage {
  /** The object's bytes (up to `maxBytes + 1`), size and SHA-256, or null when nothing was uploaded. */
  read(key: string, maxBytes: number): Promise<StoredObject | null>;
  /** Stores exactly these bytes, with their SHA-256 checked by S3 on arrival. */
  write(key: string, object: StoredObject, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export function s3AttachmentStorage(s3: S3Client, bucket: string): AttachmentStorage {
  return {
    async read(key, maxBytes) {
      let body;
      try {
        body = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return null;
        throw error;
      }
      if (!body) return null;
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        size += chunk.byteLength;
        if (size <= maxBytes + 1) chunks.push(Buffer.from(chunk));
      }
      return { size, sha256: hash.digest('hex'), bytes: Buffer.concat(chunks) };
    },

    async write(key, object, contentType) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: object.bytes,
          ContentType: contentType,
          ChecksumSHA256: Buffer.from(object.sha256, 'hex').toString('base64'),
        }),
      );
    },

    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

const MAX_FILE_NAME = 120;

/**
 * A file name safe to store and show: no path, no control, format or reserved characters, no lone surrogate,
 * at most 120 characters.
 */
export function sanitizeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Cs}<>:"|?*]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!cleaned) return 'tep-dinh-kem';
  if ([...cleaned].length <= MAX_FILE_NAME) return cleaned;
  // Too long: shorten the stem, keep a short extension, and trim again (the cut may end on a space or a dot).
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  const stem = [...(extension ? cleaned.slice(0, dot) : cleaned)]
    .slice(0, MAX_FILE_NAME - [...extension].length)
    .join('')
    .replace(/[\s.]+$/, '');
  return `${stem}${extension}`;
}
