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

// Intl formatters are immutable and slow to make (ICU loads the locale's data each time): one per language and
// style for the life of the server, not one per request (docs/decisions/039).
const keptFormats = new Map<string, Intl.DateTimeFormat | Intl.DisplayNames | Intl.ListFormat | Intl.NumberFormat>();
function kept<T extends Intl.DateTimeFormat | Intl.DisplayNames | Intl.ListFormat | Intl.NumberFormat>(
  key: string,
  make: () => T,
): T {
  let format = keptFormats.get(key) as T | undefined;
  if (!format) keptFormats.set(key, (format = make()));
  return format;
}

/**
 * A date and time as the pages show them: in Pakistan's time whatever the server's zone, in the reader's language.
 * `medium` adds the seconds (the audit log orders events a second apart).
 */
export function pakistanDateTime(language: Language, timeStyle: "short" | "medium" = "short"): Intl.DateTimeFormat {
  return kept(
    `dateTime ${language} ${timeStyle}`,
    () => new Intl.DateTimeFormat(intlLocaleOf(language), { dateStyle: "medium", timeStyle, timeZone: "Asia/Karachi" }),
  );
}

/** A day in Pakistan's time, written out ("6 December 2026"): deletion dates, helpline checks. */
export function pakistanDate(language: Language): Intl.DateTimeFormat {
  return kept(
    `date ${language}`,
    () => new Intl.DateTimeFormat(intlLocaleOf(language), { dateStyle: "long", timeZone: "Asia/Karachi" }),
  );
}

/** A day and month in Pakistan's time ("6 Dec"): the statistics page's days. */
export function pakistanDayAndMonth(language: Language): Intl.DateTimeFormat {
  return kept(
    `dayMonth ${language}`,
    () => new Intl.DateTimeFormat(intlLocaleOf(language), { day: "numeric", month: "short", timeZone: "Asia/Karachi" }),
  );
}

/** A number with at most one decimal ("2.5"), in the reader's language. */
export function oneDecimal(language: Language): Intl.NumberFormat {
  return kept(`number ${language}`, () => new Intl.NumberFormat(intlLocaleOf(language), { maximumFractionDigits: 1 }));
}

/** Country names ("Saudi Arabia", "سعودی عرب") from their ISO codes. */
export function regionNames(language: Language): Intl.DisplayNames {
  return kept(`regions ${language}`, () => new Intl.DisplayNames(intlLocaleOf(language), { type: "region" }));
}

/** "A, B and C" in the reader's language. */
export function conjunctionList(language: Language): Intl.ListFormat {
  return kept(`and ${language}`, () => new Intl.ListFormat(intlLocaleOf(language), { type: "conjunction" }));
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
