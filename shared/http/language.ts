// Picks Vietnamese or English from Accept-Language; Vietnamese when the client states no preference.
// The choice is negotiator's (jshttp, RFC 9110 §12.5.4) step for step, for the two languages this API speaks: its
// module and the Content-Type parser it reads ranges with weighed 3 KiB in every bundle; a test holds the two equal.

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A language range of the header: `full` as written, `index` its place among the header's elements. */
interface Range {
  full: string;
  prefix: string;
  q: number;
  index: number;
}

const isWhitespace = (header: string, at: number) => header[at] === ' ' || header[at] === '\t';

/** The header's ranges, each with its `q` (1 unless given; a parameter named twice keeps its first value). */
function ranges(header: string): Range[] {
  const found: Range[] = [];
  let at = 0;
  for (let element = 0; at < header.length; element += 1) {
    while (isWhitespace(header, at)) at += 1;
    const start = at;
    while (at < header.length && header[at] !== ';' && header[at] !== ',') at += 1;
    let end = at;
    while (end > start && isWhitespace(header, end - 1)) end -= 1;
    // As the parser does: the range's length is that of its lower-case form, its letters as written.
    const full = header.slice(start, start + header.slice(start, end).toLowerCase().length);
    let q: string | undefined;
    while (at < header.length && header[at] !== ',') {
      at += 1;
      while (isWhitespace(header, at)) at += 1;
      const keyStart = at;
      while (at < header.length && header[at] !== ',' && header[at] !== ';' && header[at] !== '=') at += 1;
      if (header[at] !== '=') continue;
      let keyEnd = at;
      while (keyEnd > keyStart && isWhitespace(header, keyEnd - 1)) keyEnd -= 1;
      const key = header.slice(keyStart, keyEnd).toLowerCase();
      at += 1;
      while (isWhitespace(header, at)) at += 1;
      let value: string | undefined;
      if (header[at] === '"') {
        // A quoted value (backslash escapes the next character); unterminated, it counts for nothing.
        let text = '';
        for (at += 1; at < header.length;) {
          const char = header[at++]!;
          if (char === '"') {
            value = text;
            break;
          }
          text += char === '\\' && at < header.length ? header[at++] : char;
        }
      } else {
        const valueStart = at;
        while (at < header.length && header[at] !== ';' && header[at] !== ',') at += 1;
        let valueEnd = at;
        while (valueEnd > valueStart && isWhitespace(header, valueEnd - 1)) valueEnd -= 1;
        value = header.slice(valueStart, valueEnd);
      }
      while (at < header.length && header[at] !== ';' && header[at] !== ',') at += 1;
      if (key === 'q' && q === undefined && value !== undefined) q = value;
    }
    at += 1;
    const hyphen = full.indexOf('-');
    if (full)
      found.push({
        full,
        prefix: hyphen === -1 ? full : full.slice(0, hyphen),
        q: q ? parseFloat(q) : 1,
        index: element,
      });
  }
  return found;
}

interface Priority {
  language: number;
  order: number;
  q: number;
  specificity: number;
}

/** How well the header asks for `language`: its own name (4), a region of it (2), or `*` (0). */
function priorityOf(language: number, accepted: Range[]): Priority {
  const name = LANGUAGES[language]!;
  let priority = { language, order: -1, q: 0, specificity: 0 };
  for (const range of accepted) {
    const specificity =
      range.full.toLowerCase() === name
        ? 4
        : range.prefix.toLowerCase() === name
          ? 2
          : range.full === '*'
            ? 0
            : -1;
    if (specificity < 0) continue;
    const spec = { language, order: range.index, q: range.q, specificity };
    if ((priority.specificity - spec.specificity || priority.q - spec.q || priority.order - spec.order) < 0)
      priority = spec;
  }
  return priority;
}

export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'vi';
  const accepted = ranges(acceptLanguage);
  const [best] = LANGUAGES.map((_, language) => priorityOf(language, accepted))
    .filter((priority) => priority.q > 0)
    // A tie keeps Vietnamese first: the sort is stable.
    .sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order || 0);
  return best ? LANGUAGES[best.language]! : 'vi';
}
