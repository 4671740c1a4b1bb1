import { expect, test } from "vitest";
import {
  directionOf,
  isLanguage,
  languageFromPathname,
  oneDecimal,
  pakistanDateTime,
  pakistanDayAndMonth,
  pathInLanguage,
} from "~/i18n/languages";

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

test("pages give times in Pakistan's time (UTC+5), with seconds only when asked", () => {
  const at = new Date("2026-12-06T19:00:05Z");
  expect(pakistanDateTime("en").format(at)).toMatch(/Dec.2026.*12:00/);
  expect(pakistanDateTime("en").format(at)).not.toMatch(/12:00:05/);
  expect(pakistanDateTime("en", "medium").format(at)).toMatch(/12:00:05/);
});

test("the statistics page's day and number formats: Pakistan's day, one decimal, each made once per language", () => {
  // 20:30 UTC on 6 December is already 7 December in Pakistan (UTC+5).
  const at = new Date("2026-12-06T20:30:00Z");
  expect(pakistanDayAndMonth("en").format(at)).toBe("7 Dec");
  expect(oneDecimal("en").format(2.46)).toBe("2.5");
  expect(oneDecimal("en").format(3)).toBe("3");
  expect(pakistanDayAndMonth("ur")).toBe(pakistanDayAndMonth("ur"));
  expect(oneDecimal("ur")).toBe(oneDecimal("ur"));
  expect(oneDecimal("ur")).not.toBe(oneDecimal("en"));
});
