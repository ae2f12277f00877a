// Presigned POSTs for browser uploads, limited to one key, one content type and a size range. Kept apart from
// the storage reads so that only the function that hands out uploads carries the presigning code.
import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';

export interface UploadPresigner {
  presignPost(
    key: string,
    contentType: string,
    maxBytes: number,
    expiresSeconds: number,
  ): Promise<{ url: string; fields: Record<string, string> }>;
}

export function s3UploadPresigner(s3: S3Client, bucket: string): UploadPresigner {
  return {
    async presignPost(key, contentType, maxBytes, expiresSeconds) {
      const { url, fields } = await createPresignedPost(s3, {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ['eq', '$Content-Type', contentType],
        ],
        Fields: { 'Content-Type': contentType },
        Expires: expiresSeconds,
      });
      return { url, fields };
    },
  };
}
