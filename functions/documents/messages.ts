// Message bodies on the documents queue: one pending form of one dossier.
import * as z from 'zod/mini';
import { FORM_ID_PATTERN } from '../../shared/dossier/forms.js';

export const formMessage = z.object({
  dossierId: z.uuid(),
  formId: z.string().check(z.regex(FORM_ID_PATTERN)),
});
