import Negotiator from "negotiator";
import { defaultLanguage, languages, type Language } from "./languages";

// Server-only (negotiator is CommonJS that would otherwise ride along in the browser bundle with languages.ts).

/**
 * Picks the language for a first visit from the Accept-Language header.
 * Urdu unless the browser prefers English over Urdu; q-values are honoured (negotiator, as Express uses).
 */
export function pickLanguageFromAcceptLanguage(header: string | null | undefined): Language {
  if (!header) return defaultLanguage;
  const chosen = new Negotiator({ headers: { "accept-language": header } }).language([...languages]);
  return (chosen as Language | undefined) ?? defaultLanguage;
}
