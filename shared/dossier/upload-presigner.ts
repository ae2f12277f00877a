// Presigned POSTs for browser uploads, limited to one key, one content type and a size range (one size when it was
// declared). Kept apart from the storage reads so that only the function that hands out uploads carries the
// presigning code.
import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';

export interface UploadPresigner {
  presignPost(
    key: string,
    contentType: string,
    /** The bytes the form takes: the declared size as both ends, or 1 to a maximum when none was declared. */
    bytes: { min: number; max: number },
    expiresSeconds: number,
  ): Promise<{ url: string; fields: Record<string, string> }>;
}

export function s3UploadPresigner(s3: S3Client, bucket: string): UploadPresigner {
  return {
    async presignPost(key, contentType, bytes, expiresSeconds) {
      const { url, fields } = await createPresignedPost(s3, {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['content-length-range', bytes.min, bytes.max],
          ['eq', '$Content-Type', contentType],
        ],
        Fields: { 'Content-Type': contentType },
        Expires: expiresSeconds,
      });
      return { url, fields };
    },
  };
}
