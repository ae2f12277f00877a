// POST /verify with a PDF body: what browsers send, their fetch() having no GET body.
import { submitDocumentCopyRoute } from './copy-post.route.js';
import { copyHandler } from './copy.js';

export const handler = copyHandler(submitDocumentCopyRoute);
