// A local day (YYYY-MM-DD) that is on the calendar: a query or body field with one message, whether its shape or its
// day is wrong (the shape check stops the day check, so a field is never named twice).
import * as z from 'zod/mini';
import { isValidLocalDate } from '../domain/calendar/local-date.js';
import { localDateMessage } from './field-messages.js';
import { messageKey } from './messages.js';

export const localDateField = z
  .string()
  .check(
    z.regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, { error: messageKey(localDateMessage), abort: true }),
    z.refine(isValidLocalDate, messageKey(localDateMessage)),
  );
