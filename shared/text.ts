// Text people type, made safe to store, print and show: one normalized line with nothing invisible in it.

/**
 * NFC, control characters (NUL, BEL, CR, LF, tab…) turned into spaces, format characters (bidi overrides such as
 * U+202E, zero-width spaces and joiners, BOM) and lone surrogates removed, runs of spaces collapsed, ends trimmed.
 */
export function plainText(text: string): string {
  // Normalized last: a mark separated from its letter by a zero-width space composes with it once that is gone.
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/[\p{Cf}\p{Cs}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

/** The longest officer's title kept (the dev token route refuses a longer one; an identity provider's is cut). */
export const MAX_TITLE_LENGTH = 128;
/** The longest officer's name kept, as the title: it is printed on receipts and sent as NguoiXuLy. */
export const MAX_NAME_LENGTH = 128;

/** A token's text claim as one clean line of at most `max` characters; undefined if not text or empty once cleaned. */
function claimText(claim: unknown, max: number): string | undefined {
  if (typeof claim !== 'string') return undefined;
  const text = [...plainText(claim)].slice(0, max).join('').trim();
  return text === '' ? undefined : text;
}

/** An officer's title claim (chức danh) as one clean line of at most MAX_TITLE_LENGTH characters; undefined if empty. */
export const officerTitle = (claim: unknown) => claimText(claim, MAX_TITLE_LENGTH);

/** A token's `name` claim as one clean line of at most MAX_NAME_LENGTH characters; undefined if empty. */
export const personName = (claim: unknown) => claimText(claim, MAX_NAME_LENGTH);
