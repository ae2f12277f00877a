// GET /verify with a PDF body.
import { verifyDocumentCopyRoute } from './copy-get.route.js';
import { copyHandler } from './copy.js';

export const handler = copyHandler(verifyDocumentCopyRoute);
