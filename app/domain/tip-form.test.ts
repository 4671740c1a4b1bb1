import { expect, test } from "vitest";
import { tipSchema } from "./tip";
import { tipFormValues, tipInputFromForm } from "./tip-form";

function form(entries: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  }
  return data;
}

test("a filled form becomes a valid tip in the page's language", () => {
  const input = tipInputFromForm(
    form({
      category: "bonded_labour",
      crossesBorder: "no",
      country: "",
      province: "sindh",
      district: "hyderabad",
      victimCount: "۱۲",
      victimAgeGroup: "child",
      immediateDanger: "yes",
      description: "A family of six is kept at a kiln.",
      suspects: "",
      contactConsent: "no",
      contact: "",
    }),
    "ur",
  );
  const tip = tipSchema.parse(input);
  expect(tip).toMatchObject({ category: "bonded_labour", victimCount: 12, immediateDanger: true, language: "ur" });
  expect(tip.country).toBeUndefined();
  expect(tip.contact).toBeUndefined();
});

test("a number that is not a number is passed on for the schema to refuse", () => {
  const input = tipInputFromForm(form({ category: "other", description: "x".repeat(20), victimCount: "many" }), "en");
  expect(input.victimCount).toBe("many");
  expect(tipSchema.safeParse(input).success).toBe(false);
});

test("an unexpected yes/no answer is refused, not read as no", () => {
  const input = tipInputFromForm(
    form({ category: "other", description: "x".repeat(20), immediateDanger: "maybe" }),
    "en",
  );
  expect(tipSchema.safeParse(input).success).toBe(false);
});

test("duplicate fields use the first value; files are ignored", () => {
  const data = form({ category: ["other", "bonded_labour"], description: "x".repeat(20) });
  data.append("province", new Blob(["punjab"]), "province.txt");
  const input = tipInputFromForm(data, "en");
  expect(input.category).toBe("other");
  expect(input.province).toBeUndefined();
});

test("the values shown again after an error are exactly what was typed", () => {
  const values = tipFormValues(form({ description: "  spaced  ", victimCount: "abc" }));
  expect(values.description).toBe("  spaced  ");
  expect(values.victimCount).toBe("abc");
  expect(values.category).toBe("");
});
