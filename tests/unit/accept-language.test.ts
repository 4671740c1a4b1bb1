import { describe, expect, test } from "vitest";
import { pickLanguageFromAcceptLanguage } from "~/i18n/accept-language.server";

describe("pickLanguageFromAcceptLanguage", () => {
  test.each([
    [null, "ur"],
    ["", "ur"],
    ["en-US,en;q=0.9", "en"],
    ["ur-PK,ur;q=0.9,en;q=0.8", "ur"],
    ["en;q=0.5,ur;q=0.9", "ur"],
    ["fr-FR,fr;q=0.9", "ur"],
    ["fr,en;q=0.7", "en"],
    ["EN-gb", "en"],
    ["en;q=0", "ur"],
    ["*", "ur"],
    ["en;q=abc", "ur"],
  ])("header %j gives %s", (header, expected) => {
    expect(pickLanguageFromAcceptLanguage(header)).toBe(expected);
  });
});
