// The file types a procedure may accept for its documents (the upload check verifies the magic bytes).
export const MIME_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export const ACCEPTED_CONTENT_TYPES = Object.values(MIME_TYPES) as [string, ...string[]];
