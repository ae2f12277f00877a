// Picks Vietnamese or English from Accept-Language; Vietnamese when the client states no preference.
import Negotiator from 'negotiator';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'vi';
  const [best] = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).languages([...LANGUAGES]);
  return (best as Language | undefined) ?? 'vi';
}
