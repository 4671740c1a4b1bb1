// Pure helpers about the two languages the site speaks. No I/O: used by the server, the client and tests.

export const languages = ["ur", "en"] as const;
export type Language = (typeof languages)[number];
export type Direction = "rtl" | "ltr";

/** Urdu first: most readers read Urdu only. */
export const defaultLanguage: Language = "ur";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

export function directionOf(language: Language): Direction {
  return language === "ur" ? "rtl" : "ltr";
}

/** BCP 47 tag for Intl: Pakistani conventions for both languages. */
export function intlLocaleOf(language: Language): string {
  return language === "ur" ? "ur-PK" : "en-PK";
}

/**
 * Picks the language for a first visit from the Accept-Language header.
 * Urdu unless the browser prefers English over Urdu; q-values are honoured.
 */
export function pickLanguageFromAcceptLanguage(header: string | null | undefined): Language {
  if (!header) return defaultLanguage;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const q = qParam ? Number.parseFloat(qParam.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    if (isLanguage(entry.primary)) return entry.primary;
  }
  return defaultLanguage;
}

/** The first path segment when it names a language (`/en/law` gives `en`). */
export function languageFromPathname(pathname: string): Language | null {
  const first = pathname.split("/")[1];
  return isLanguage(first) ? first : null;
}

/**
 * The same page in another language: `/ur/law?x=1` becomes `/en/law?x=1`.
 * Paths without a language prefix get one.
 */
export function pathInLanguage(pathname: string, search: string, target: Language): string {
  const segments = pathname.split("/");
  if (isLanguage(segments[1])) {
    segments[1] = target;
  } else {
    segments.splice(1, 0, target);
  }
  let path = segments.join("/");
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return `${path}${search}`;
}
