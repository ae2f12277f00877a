// POST /verify/uploads — public: a copy check waiting for its file, and the presigned POST for it.
import { s3UploadPresigner } from '../../shared/dossier/upload-presigner.js';
import { httpHandler } from '../../shared/http/handler.js';
import { requestCopyUpload } from './copy-check.js';
import { attachmentsBucket, clock, copyChecks, newId, s3 } from './dependencies.js';
import { requestCopyUploadRoute } from './upload.route.js';

const deps = {
  checks: copyChecks(),
  uploads: s3UploadPresigner(s3(), attachmentsBucket()),
  now: clock,
  newId,
};

export const handler = httpHandler(requestCopyUploadRoute, async () => {
  const answer = await requestCopyUpload(deps);
  return { status: 201, json: answer, headers: { location: answer.check, 'cache-control': 'no-store' } };
});
