// Words in a tip that point abroad, in English, Urdu and Roman Urdu. Used only when the reporter does not
// know whether a border is involved. Each match is shown to staff as a reason, so a wrong guess is visible
// and can be corrected by a transfer.

export interface DestinationTerm {
  /** ISO country code, or "abroad" for words that mean "a foreign country" without naming one. */
  place: string;
  terms: readonly string[];
}

export const destinationTerms: readonly DestinationTerm[] = [
  {
    place: "AE",
    terms: [
      "dubai",
      "uae",
      "emirates",
      "abu dhabi",
      "abudhabi",
      "sharjah",
      "ajman",
      "دبئی",
      "دبی",
      "امارات",
      "ابوظہبی",
      "شارجہ",
    ],
  },
  {
    place: "SA",
    terms: ["saudi", "saudia", "riyadh", "jeddah", "jedda", "dammam", "سعودی", "سعودیہ", "ریاض", "جدہ", "دمام"],
  },
  { place: "OM", terms: ["oman", "muscat", "عمان", "مسقط"] },
  { place: "QA", terms: ["qatar", "doha", "قطر", "دوحہ"] },
  { place: "KW", terms: ["kuwait", "کویت"] },
  { place: "BH", terms: ["bahrain", "بحرین"] },
  { place: "IR", terms: ["iran", "tehran", "mashhad", "ایران", "تہران", "مشہد"] },
  { place: "AF", terms: ["afghanistan", "kabul", "افغانستان", "کابل"] },
  { place: "CN", terms: ["china", "chinese", "cheen", "چین", "چینی"] },
  { place: "TR", terms: ["turkey", "turkiye", "türkiye", "istanbul", "ترکی", "استنبول"] },
  { place: "GR", terms: ["greece", "yunan", "یونان"] },
  { place: "LY", terms: ["libya", "لیبیا"] },
  { place: "IT", terms: ["italy", "italia", "اٹلی"] },
  { place: "ES", terms: ["spain", "اسپین", "سپین"] },
  { place: "GB", terms: ["england", "london", "لندن", "انگلینڈ", "برطانیہ"] },
  { place: "MY", terms: ["malaysia", "ملائیشیا"] },
  {
    place: "abroad",
    terms: [
      "abroad",
      "overseas",
      "europe",
      "gulf",
      "visa",
      "work permit",
      "bahar mulk",
      "bahir mulk",
      "baahar mulk",
      "bairoon mulk",
      "beroon mulk",
      "beron e mulk",
      "bahar ke mulk",
      "ویزا",
      "ویزہ",
      "بیرون ملک",
      "بیرونِ ملک",
      "باہر ملک",
      "باہر کے ملک",
      "یورپ",
      "خلیج",
    ],
  },
];

/**
 * Common phrases in which a destination word means something else: "چین" is also "peace, rest"
 * (چین سے، بے چین), and "ترکی" can be "Turkish" in a harmless phrase. Removed before matching.
 */
const falseFriends = ["بے چین", "بےچین", "چین سے", "چین کی نیند", "سکون اور چین", "چین و سکون"];

// Letters of the Arabic script and Latin letters: a term matches only as a whole word.
const letter = "[\\p{L}\\p{M}]";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const matchers = destinationTerms.flatMap(({ place, terms }) =>
  terms.map((term) => ({
    place,
    term,
    pattern: new RegExp(`(?<!${letter})${escapeRegExp(term).replace(/ /g, "\\s+")}(?!${letter})`, "iu"),
  })),
);

export interface DestinationHint {
  place: string;
  term: string;
}

/** The foreign places a text mentions, one hint per place, in the order of the table. */
export function findDestinationHints(...texts: (string | undefined)[]): DestinationHint[] {
  let haystack = texts.filter(Boolean).join("\n").normalize("NFC");
  for (const phrase of falseFriends) haystack = haystack.split(phrase).join(" ");
  const hints: DestinationHint[] = [];
  for (const { place, term, pattern } of matchers) {
    if (hints.some((hint) => hint.place === place)) continue;
    if (pattern.test(haystack)) hints.push({ place, term });
  }
  return hints;
}
