// The deployment settings of the national portal sync (its secret is NATIONAL_PORTAL_PASSWORD): without
// NATIONAL_PORTAL_URL it is off, for a stage that does not report to the portal.
export const NATIONAL_PORTAL_SETTINGS = [
  'NATIONAL_PORTAL_URL',
  'NATIONAL_PORTAL_UNIT_CODE',
  'NATIONAL_PORTAL_USERNAME',
  'NATIONAL_FIRST_BACKOFF_SECONDS',
  'NATIONAL_MAX_ATTEMPTS',
] as const;
