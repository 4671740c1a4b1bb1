// Phone numbers, CNICs, e-mail addresses and recruiting agencies named in a tip's free text, each reduced
// to one normalised value so that tips mentioning the same one can be linked for staff.
//
// A false link sends staff after the wrong people and can expose one reporter's case to another
// investigation, while a missed link only costs a search. So every rule here errs towards missing:
// phones need a Pakistani prefix and the exact length, agency names need a known suffix and a name that is
// written like a name.
import { destinationTerms } from "./destinations";
import { districtsByProvince, identifierWords } from "./reference-data";

export const identifierKinds = ["phone", "cnic", "email", "agency"] as const;
export type IdentifierKind = (typeof identifierKinds)[number];

export interface Identifier {
  kind: IdentifierKind;
  /** Normalised: the link key. Phones in E.164, CNICs as 12345-1234567-1, e-mails and agencies lower-cased. */
  value: string;
  /** As written in the tip, to show staff. */
  display: string;
}

/** The key two tips share when they mention the same identifier. */
export function linkKey(identifier: Pick<Identifier, "kind" | "value">): string {
  return `${identifier.kind}:${identifier.value}`;
}

// ---------------------------------------------------------------------------------------------------------
// Preparing text. Every replacement below is one UTF-16 unit for one, so a position in the prepared text is
// the same position in the (NFC) original, from which `display` is cut.

const urduDigit = /[\u0660-\u0669\u06f0-\u06f9]/g;
// Direction marks and zero-width spaces are pasted in with numbers copied from Urdu text: read as spaces.
const invisibleSpace = /[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function prepare(text: string): { original: string; scan: string } {
  const original = text.normalize("NFC");
  const scan = original
    .replace(urduDigit, (digit) => String(digit.charCodeAt(0) & 0xf))
    .replace(invisibleSpace, " ")
    // Arabic-keyboard letters for their Urdu forms, so "ايجنسي" and "ایجنسی" are one word.
    .replace(/[\u064a\u0649]/g, "\u06cc")
    .replace(/\u0643/g, "\u06a9")
    .replace(/\u0647/g, "\u06c1");
  return { original, scan };
}

function mask(scan: string, start: number, end: number): string {
  // "_" is neither a digit nor a letter nor a separator, so a masked span ends every other pattern.
  return scan.slice(0, start) + "_".repeat(end - start) + scan.slice(end);
}

interface Found extends Identifier {
  start: number;
  end: number;
}

function displayOf(original: string, start: number, end: number): string {
  return original.slice(start, end).replace(invisibleSpace, "").trim();
}

// ---------------------------------------------------------------------------------------------------------
// E-mail

const emailLocal = "[A-Za-z0-9](?:[A-Za-z0-9._%+\\-]{0,62}[A-Za-z0-9_%+\\-])?";
const emailDomain = "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}";
const emailPattern = new RegExp(`(?<![A-Za-z0-9._%+\\-])${emailLocal}@${emailDomain}(?![A-Za-z0-9\\-])`, "g");

// ---------------------------------------------------------------------------------------------------------
// CNIC: five digits (the first names the province or region, 1-8), seven digits, one check digit. The
// separators, when written, must be the same both times.

const dashes = "\\-\\u2010-\\u2015\\u2212";
const beforeNumber = `(?<![A-Za-z\\p{N}_+])(?<!\\p{N}[.${dashes}])`;
const afterNumber = `(?![A-Za-z\\p{N}_])(?![.${dashes}]\\p{N})`;

const cnicPattern = new RegExp(`${beforeNumber}([1-8]\\d{4})([${dashes}]| )?(\\d{7})\\2(\\d)${afterNumber}`, "gu");

// ---------------------------------------------------------------------------------------------------------
// Phones. Mobile numbers are 03xx plus seven digits; landlines are an area code (2-4 digits, never starting
// with 0, 1 or 3) plus a subscriber number, 9 or 10 digits together. Either may be written with the 0 trunk
// prefix or +92 / 0092 / 92, with spaces, dashes or dots between the usual groups. A number without a prefix
// is never taken: "1234567" could be a number in any city, or not a phone at all.

const space = "[ \\t\\u00a0\\u2000-\\u200a\\u202f]";
const separator = `(?:${space}{0,2}[.${dashes}]${space}{0,2}|${space}{1,3})`;
const maybeSeparator = `(?:${separator})?`;
const sevenDigits = [
  "\\d{7}",
  `\\d{3}${separator}\\d{4}`,
  `\\d{4}${separator}\\d{3}`,
  `\\d{3}${separator}\\d{2}${separator}\\d{2}`,
].join("|");
const international = `(?:\\(?(?:\\+${space}?|00)92\\)?${maybeSeparator}(?:(?:\\(0\\)|0)${maybeSeparator})?)`;
const operator = "3\\d{2}";
const mobilePrefix = [
  `(?:${international}|92${maybeSeparator})(?:${operator}|\\(${operator}\\))`,
  `0${operator}`,
  `\\(0${operator}\\)`,
].join("|");
const mobile = `(?:${mobilePrefix})${maybeSeparator}(?:${sevenDigits})`;
const area = "[245-9]\\d{1,3}";
const subscriber = `(?:\\d{5,8}|\\d{3,4}${separator}\\d{3,4})`;
const separatedLandline = `(?:${area}${separator}${subscriber}|\\(${area}\\)${maybeSeparator}${subscriber})`;
const compactLandline = "[245-9]\\d{8,9}";
const landline = [
  `${international}(?:${separatedLandline}|${compactLandline})`,
  `92${separator}${area}${separator}${subscriber}`,
  `0${area}${separator}${subscriber}`,
  `\\(0${area}\\)${maybeSeparator}${subscriber}`,
  `0${compactLandline}`,
].join("|");

const phonePattern = new RegExp(`${beforeNumber}(?:${mobile}|${landline})${afterNumber}`, "gu");

/** E.164 for a matched phone, or null when the digits do not make a Pakistani number. */
function phoneValue(written: string): string | null {
  const digits = written.replace(/\D/g, "");
  let national: string;
  if (digits.startsWith("0092")) national = digits.slice(4);
  else if (digits.startsWith("92")) national = digits.slice(2);
  else if (digits.startsWith("0")) national = digits.slice(1);
  else return null;
  // "+92 0300 ..." keeps the trunk 0 by habit; it is not part of the number.
  if (digits.length !== national.length + 1 && national.startsWith("0")) national = national.slice(1);
  return /^3\d{9}$/.test(national) || /^[245-9]\d{8,9}$/.test(national) ? `+92${national}` : null;
}

/** A single phone number as typed (a search box, a form field) in E.164, or null when it is not one. */
export function normalizePhone(input: string): string | null {
  const { scan } = prepare(input);
  const trimmed = scan.trim();
  const match = new RegExp(`^(?:${mobile}|${landline})$`, "u").exec(trimmed);
  return match ? phoneValue(trimmed) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Agencies: a name followed by a word that only firms use ("... Overseas Employment Promoters", "... Travels",
// "... ٹریولز"). The value is the name and one canonical form of the suffix, so "Al-Habib OEP" and
// "Al Habib Overseas Employment Promoters (Pvt.) Ltd." link. The suffixes and the word lists below are data, in
// app/data/identifier-words.json (read through reference-data.ts).

// Words that end a name when read backwards from the suffix: function words and the adjectives people put
// before an agency ("a fake travel agency", "us jaali agency ne"). Latin words are compared lower-cased.
const stopWords = new Set(identifierWords.stopWords);

// Words that may be part of a name but do not make one on their own: "Visa Travels", "Dubai Travels" and
// "ویزا ایجنسی" describe a business rather than name it, and would link every tip that says so.
const genericWords = new Set([
  ...identifierWords.genericWords,
  // Places in Pakistan: "Lahore Travels" may be a name, but "لاہور ایجنسی" is more often a description.
  ...Object.values(districtsByProvince)
    .flat()
    .flatMap((district) => [district.en, district.ur])
    .filter((name) => !name.includes(" "))
    .map(foldWord),
  ...destinationTerms.flatMap(({ terms }) => terms.filter((term) => !term.includes(" ")).map(foldWord)),
]);

// Small words inside a name: "Noor ul Huda", "Ali & Sons". Kept only between two name words.
const joiners = new Set(["&", "ul", "al", "ud", "ur", "un", "e", "bin", "ibn", "اینڈ"]);
const andBefore = new Set(["sons", "brothers", "bros", "co", "company"]);

const maxNameWords = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const suffixForms = [...identifierWords.latinSuffixes, ...identifierWords.urduSuffixes]
  .flatMap(({ canonical, forms }) => forms.map((form) => ({ form, canonical, latin: /[a-z]/.test(canonical) })))
  .sort((a, b) => b.form.length - a.form.length);

const wordEdge = "[\\p{L}\\p{M}\\p{N}_]";
const suffixAlternatives = suffixForms.map(({ form }) => escapeRegExp(form).replace(/ /g, `${space}+`));
const suffixPattern = new RegExp(`(?<!${wordEdge})(?:${suffixAlternatives.join("|")})(?!${wordEdge})`, "giu");
const suffixByForm = new Map(suffixForms.map((suffix) => [suffix.form, suffix]));

// "(Pvt.) Ltd.", "Private Limited", "(پرائیویٹ) لمیٹڈ" after the suffix: shown, but not part of the value.
const companyTail = new RegExp(
  [
    "^[ \\t]*(?:",
    "\\(?[ \\t]*(?:pvt|private)\\.?[ \\t]*\\)?(?:[ \\t]*(?:ltd|limited)\\.?)?",
    "|(?:ltd|limited)\\.?",
    "|\\(?پرائیویٹ\\)?(?:[ \\t]*لمیٹڈ)?",
    "|لمیٹڈ",
    ")(?![\\p{L}\\p{N}])",
  ].join(""),
  "iu",
);

const sentenceEnd = /[.,;:!?،۔؟؛)\]}"”’»|/\\]$/u;
const openingMarks = /^[([{"“‘'«]+/u;
const initials = /^(?:\p{Lu}\.){1,3}$/u;
const latinName = /^[\p{Lu}\d][\p{L}\p{M}\d'’.-]*$/u;
const arabicName = /^[\p{L}\p{M}\u200c\u200d\d]+$/u;

function foldWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/[\u064b-\u065f\u0670\u0640\u200c\u200d]/g, "")
    .replace(/['’.]/g, "");
}

function isNameWord(word: string, latin: boolean): boolean {
  if (stopWords.has(foldWord(word))) return false;
  if (/^\d+$/.test(word)) return true;
  if (latin) return latinName.test(word) || initials.test(word);
  return arabicName.test(word) && /\p{Script=Arabic}/u.test(word) && !/[A-Za-z]/.test(word);
}

interface Token {
  start: number;
  end: number;
  word: string;
}

/** The name written before a suffix, read backwards word by word; empty when there is none. */
function nameBefore(scan: string, suffixStart: number, latin: boolean): Token[] {
  const words: Token[] = [];
  let cursor = suffixStart;
  let nameWords = 0;
  while (nameWords < maxNameWords) {
    let end = cursor;
    while (end > 0 && /[ \t\u00a0\u202f]/.test(scan[end - 1]!)) end--;
    if (end === cursor || end === 0) break;
    let start = end;
    while (start > 0 && !/\s/.test(scan[start - 1]!)) start--;
    let word = scan.slice(start, end);
    if (sentenceEnd.test(word) && !initials.test(word)) break;
    const opening = openingMarks.exec(word)?.[0] ?? "";
    word = word.slice(opening.length);
    const folded = foldWord(word);
    const next = words[0];
    if (next && (joiners.has(folded) || (folded === "and" && andBefore.has(foldWord(next.word))))) {
      if (opening) break;
      words.unshift({ start, end, word });
    } else if (word && isNameWord(word, latin)) {
      words.unshift({ start: start + opening.length, end, word });
      nameWords++;
      if (opening) break;
    } else {
      break;
    }
    cursor = start;
  }
  // A joiner is never the first word of a name.
  while (words[0] && !isNameWord(words[0].word, latin)) words.shift();
  return words;
}

function nameValue(words: Token[]): string {
  return words
    .flatMap(({ word }) => foldWord(word.replace(/&/g, " and ")).split(/[\s\-_/]+/))
    .filter((part) => part && !["pvt", "ltd", "private", "limited"].includes(part))
    .join(" ");
}

function findAgencies(original: string, scan: string): Found[] {
  const found: Found[] = [];
  for (const match of scan.matchAll(suffixPattern)) {
    const written = match[0];
    const suffix = suffixByForm.get(foldWord(written).replace(/\s+/g, " "));
    if (!suffix) continue;
    // "Travels" as a noun in a name is written with a capital; "he travels to Dubai" is not an agency.
    if (suffix.latin && !/^\p{Lu}/u.test(written)) continue;
    const words = nameBefore(scan, match.index, suffix.latin);
    const distinctive = words.some(
      ({ word }) => isNameWord(word, suffix.latin) && /\p{L}/u.test(word) && !genericWords.has(foldWord(word)),
    );
    if (!distinctive) continue;
    const suffixEnd = match.index + written.length;
    const tail = companyTail.exec(scan.slice(suffixEnd))?.[0].length ?? 0;
    const start = words[0]!.start;
    found.push({
      kind: "agency",
      value: `${nameValue(words)} ${suffix.canonical}`,
      display: displayOf(original, start, suffixEnd + tail),
      start,
      end: suffixEnd + tail,
    });
  }
  // "Sky Overseas Travels" also contains "Sky Overseas": keep only the longest name.
  return found.filter(
    (agency) => !found.some((other) => other !== agency && other.start <= agency.start && other.end >= agency.end),
  );
}

// ---------------------------------------------------------------------------------------------------------

function findInText(text: string): Found[] {
  const prepared = prepare(text);
  const { original } = prepared;
  let { scan } = prepared;
  const found: Found[] = [];
  const take = (pattern: RegExp, toIdentifier: (written: string) => Omit<Identifier, "display"> | null) => {
    for (const match of [...scan.matchAll(pattern)]) {
      const identifier = toIdentifier(match[0]);
      if (!identifier) continue;
      const start = match.index;
      const end = start + match[0].length;
      found.push({ ...identifier, display: displayOf(original, start, end), start, end });
      scan = mask(scan, start, end);
    }
  };
  // E-mails first (their digits are not phones), then CNICs (thirteen digits are not a phone either).
  take(emailPattern, (written) => ({ kind: "email", value: written.toLowerCase() }));
  take(cnicPattern, (written) => {
    const digits = written.replace(/\D/g, "");
    return { kind: "cnic", value: `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}` };
  });
  take(phonePattern, (written) => {
    const value = phoneValue(written);
    return value ? { kind: "phone", value } : null;
  });
  found.push(...findAgencies(original, scan));
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The identifiers in one or more texts (a tip's description, suspect details, contact), in the order they
 * appear, each kind and value once: the first way it was written is the one shown.
 */
export function extractIdentifiers(...texts: (string | undefined | null)[]): Identifier[] {
  const seen = new Set<string>();
  const identifiers: Identifier[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const { kind, value, display } of findInText(text)) {
      const key = linkKey({ kind, value });
      if (seen.has(key)) continue;
      seen.add(key);
      identifiers.push({ kind, value, display });
    }
  }
  return identifiers;
}

// ---------------------------------------------------------------------------------------------------------
// Searching: what a staff member typed in the queue's search box. The identifier is read with findInText, the
// very function that indexes tips (extractIdentifiers), so a search and a tip's index agree on every form.

export const searchKinds = ["reference", "phone", "cnic", "email", "name"] as const;
export type SearchKind = (typeof searchKinds)[number];

export type SearchQuery =
  | { kind: "reference"; reference: string }
  | { kind: Exclude<SearchKind, "reference">; identifier: Pick<Identifier, "kind" | "value"> }
  /** Not a reference and no identifier, or several identifiers at once: nothing is searched. */
  | { kind: "unrecognised"; problem: "unrecognised" | "several" };

const searchKindOf: Record<IdentifierKind, Exclude<SearchKind, "reference">> = {
  phone: "phone",
  cnic: "cnic",
  email: "email",
  agency: "name",
};
const searchMaxLength = 200;

// Agency names are recognised in tips only when written with capitals ("Star Travels", not "he travels"); in a
// search box people type "star travels", so Latin words are capitalised first. E-mails ignore case anyway.
const capitaliseLatinWords = (text: string) =>
  text.replace(/(^|[\s(&\-"'])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());

/**
 * A search box's text as one thing to look for, or null when it is empty. A case reference ("AG-2026-000123",
 * or some of its digits, as the queue always took) is searched by reference; anything else must be exactly
 * one phone number, CNIC, e-mail address or agency name, normalised as tips are.
 */
export function parseSearch(input: string): SearchQuery | null {
  const text = input
    .normalize("NFC")
    .replace(invisibleSpace, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, searchMaxLength);
  if (!text) return null;
  const asciiDigits = text.replace(urduDigit, (digit) => String(digit.charCodeAt(0) & 0xf));
  if (/^AG-?[0-9-]*$/i.test(asciiDigits)) return { kind: "reference", reference: asciiDigits.toUpperCase() };
  const found = findInText(capitaliseLatinWords(text));
  const distinct = new Map(found.map((identifier) => [linkKey(identifier), identifier]));
  if (distinct.size > 1) return { kind: "unrecognised", problem: "several" };
  const [identifier] = distinct.values();
  if (identifier)
    return { kind: searchKindOf[identifier.kind], identifier: { kind: identifier.kind, value: identifier.value } };
  // A mobile number typed without any prefix ("300 1234567"): never taken from a tip's text, where seven to ten
  // bare digits could be anything, but in a search box it can only be that number.
  const bare = asciiDigits.replace(/[\s.\-()]/g, "");
  if (/^3\d{9}$/.test(bare)) return { kind: "phone", identifier: { kind: "phone", value: `+92${bare}` } };
  // Some digits of a reference ("000123"), as the queue has always taken.
  if (/^[0-9][0-9-]{0,19}$/.test(asciiDigits)) return { kind: "reference", reference: asciiDigits };
  return { kind: "unrecognised", problem: "unrecognised" };
}
