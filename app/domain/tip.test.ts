import { describe, expect, test } from "vitest";
import { countryCodes } from "./countries";
import { cleanText, limits, tipSchema } from "./tip";

const minimal = { category: "bonded_labour", description: "A family is kept at a brick kiln." };

/** The first problem per field, as the form shows them. */
function errorsOf(input: unknown): Record<string, string> {
  const result = tipSchema.safeParse(input);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
  return errors;
}

test("only the category and the description are required; the rest get safe defaults", () => {
  const result = tipSchema.parse(minimal);
  expect(result).toEqual({
    category: "bonded_labour",
    description: "A family is kept at a brick kiln.",
    crossesBorder: "unknown",
    province: "unknown",
    victimAgeGroup: "unknown",
    immediateDanger: false,
    contactConsent: false,
    language: "ur",
  });
});

describe("each field's problem is reported with its own i18n key", () => {
  test.each<[string, unknown, string, string]>([
    ["missing category", { description: minimal.description }, "category", "errors.category.required"],
    ["unknown category", { ...minimal, category: "organ_trade" }, "category", "errors.category.required"],
    ["missing description", { category: "other" }, "description", "errors.description.invalid"],
    ["empty description", { ...minimal, description: "   " }, "description", "errors.description.required"],
    ["short description", { ...minimal, description: "help" }, "description", "errors.description.tooShort"],
    [
      "huge description",
      { ...minimal, description: "x".repeat(limits.descriptionMax + 1) },
      "description",
      "errors.description.tooLong",
    ],
    ["description of the wrong type", { ...minimal, description: 42 }, "description", "errors.description.invalid"],
    ["bad border answer", { ...minimal, crossesBorder: "maybe" }, "crossesBorder", "errors.crossesBorder.invalid"],
    ["unknown country", { ...minimal, country: "XX" }, "country", "errors.country.invalid"],
    ["Pakistan as the foreign country", { ...minimal, country: "pk" }, "country", "errors.country.invalid"],
    ["unknown province", { ...minimal, province: "kashmir" }, "province", "errors.province.invalid"],
    [
      "district without a province",
      { ...minimal, district: "lahore" },
      "province",
      "errors.province.neededForDistrict",
    ],
    [
      "district of another province",
      { ...minimal, province: "punjab", district: "hyderabad" },
      "district",
      "errors.district.notInProvince",
    ],
    ["zero victims", { ...minimal, victimCount: 0 }, "victimCount", "errors.victimCount.invalid"],
    ["fractional victims", { ...minimal, victimCount: 2.5 }, "victimCount", "errors.victimCount.invalid"],
    ["victims as text", { ...minimal, victimCount: "three" }, "victimCount", "errors.victimCount.invalid"],
    ["danger as text", { ...minimal, immediateDanger: "yes" }, "immediateDanger", "errors.immediateDanger.invalid"],
    [
      "contact without consent",
      { ...minimal, contact: "0300 1234567" },
      "contactConsent",
      "errors.contactConsent.required",
    ],
    [
      "long suspects",
      { ...minimal, suspects: "y".repeat(limits.suspectsMax + 1) },
      "suspects",
      "errors.suspects.tooLong",
    ],
    ["unknown language", { ...minimal, language: "fr" }, "language", "errors.language.invalid"],
  ])("%s", (_, input, field, key) => {
    expect(errorsOf(input)[field]).toBe(key);
  });
});

test("a complete tip keeps every answer", () => {
  const tip = tipSchema.parse({
    ...minimal,
    crossesBorder: "no",
    country: "ae",
    province: "sindh",
    district: "hyderabad",
    victimCount: 6,
    victimAgeGroup: "child",
    immediateDanger: true,
    suspects: "Kiln owner, phone 0300-1234567",
    contactConsent: true,
    contact: "Call after 6 pm",
    language: "en",
  });
  expect(tip.country).toBe("AE");
  expect(tip.victimCount).toBe(6);
  expect(tip.contact).toBe("Call after 6 pm");
});

test("free text is normalised: control characters removed, line breaks kept, trimmed", () => {
  expect(cleanText("  a\u0000b\u0007c\r\nd\u202e \u0085 ")).toBe("abc\nd\u202e");
  expect(cleanText("a\n\n\n\n\n\nb")).toBe("a\n\n\nb");
  // Precomposed and decomposed forms compare equal after NFC.
  expect(cleanText("\u0622")).toBe(cleanText("\u0627\u0653"));
});

test("Urdu, English and Roman Urdu descriptions are all accepted", () => {
  for (const description of [
    "بچوں سے بھٹے پر کام لیا جا رہا ہے",
    "Children are working at the kiln",
    "bachon se bhatte pe kaam",
  ]) {
    expect(tipSchema.safeParse({ ...minimal, description }).success).toBe(true);
  }
});

test("every country code has a name in both languages", () => {
  const urdu = new Intl.DisplayNames("ur", { type: "region" });
  const english = new Intl.DisplayNames("en", { type: "region" });
  for (const code of countryCodes) {
    expect(english.of(code), code).not.toBe(code);
    expect(urdu.of(code), code).toBeTruthy();
  }
});
