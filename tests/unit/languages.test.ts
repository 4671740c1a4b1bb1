import { expect, test } from "vitest";
import { directionOf, isLanguage, languageFromPathname, pathInLanguage } from "~/i18n/languages";

test("Urdu reads right to left and English left to right", () => {
  expect(directionOf("ur")).toBe("rtl");
  expect(directionOf("en")).toBe("ltr");
});

test("only ur and en are languages", () => {
  expect(isLanguage("ur")).toBe(true);
  expect(isLanguage("en")).toBe(true);
  expect(isLanguage("pa")).toBe(false);
  expect(isLanguage(undefined)).toBe(false);
});

test.each([
  ["/ur/law", "ur"],
  ["/en", "en"],
  ["/", null],
  ["/staff/login", null],
])("language of %s is %s", (path, expected) => {
  expect(languageFromPathname(path)).toBe(expected);
});

test.each([
  ["/ur/law", "", "en", "/en/law"],
  ["/en/job-check/result", "?fee=yes", "ur", "/ur/job-check/result?fee=yes"],
  ["/ur", "", "en", "/en"],
  ["/ur/", "", "en", "/en"],
  ["/staff", "", "ur", "/ur/staff"],
])("%s%s in %s is %s", (path, search, target, expected) => {
  expect(pathInLanguage(path, search, target as "ur" | "en")).toBe(expected);
});
