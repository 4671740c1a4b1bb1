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
 * A date and time as the pages show them: in Pakistan's time whatever the server's zone, in the reader's language.
 * `medium` adds the seconds (the audit log orders events a second apart).
 */
export function pakistanDateTime(language: Language, timeStyle: "short" | "medium" = "short"): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(intlLocaleOf(language), { dateStyle: "medium", timeStyle, timeZone: "Asia/Karachi" });
}

/** A day in Pakistan's time, written out ("6 December 2026"): deletion dates, helpline checks. */
export function pakistanDate(language: Language): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(intlLocaleOf(language), { dateStyle: "long", timeZone: "Asia/Karachi" });
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
