// Picks Vietnamese or English from Accept-Language; Vietnamese when the client states no preference.
import preferredLanguages from 'negotiator/lib/language.js';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'vi';
  const [best] = preferredLanguages(acceptLanguage, LANGUAGES);
  return (best as Language | undefined) ?? 'vi';
}
