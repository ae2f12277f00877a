// Types of negotiator's Accept-Language module, which the language tests hold shared/http/language.ts equal to
// (@types/negotiator declares only the package's entry point).
declare module 'negotiator/lib/language.js' {
  /** The `provided` languages the header accepts, best first (all of them when the header is absent). */
  export default function preferredLanguages(
    accept: string | undefined,
    provided: readonly string[],
  ): string[];
}
