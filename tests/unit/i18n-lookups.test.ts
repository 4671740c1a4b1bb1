// The server keeps the text of plain lookups (app/i18n/i18n.server.ts): every text must be what i18next itself
// gives, on the first lookup and on every later one, and lookups with values must never be kept.
import { createInstance, type i18n } from "i18next";
import { afterEach, expect, test, vi } from "vitest";
import { getFixedT, getI18n, serverI18nOptions } from "~/i18n/i18n.server";
import { languages, type Language } from "~/i18n/languages";
import { namespaces, type Namespace } from "~/i18n/namespaces";
import { resources } from "~/i18n/resources.server";

afterEach(() => {
  vi.restoreAllMocks();
});

/** i18next as the server configures it, without the kept texts. */
function plainI18next(language: Language): i18n {
  const instance = createInstance();
  void instance.init(serverI18nOptions(language));
  return instance;
}

/** Every key path in a namespace, objects (sections of an article) included. */
function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([name, child]) => [
    ...(prefix && !Array.isArray(value) ? [prefix] : []),
    ...keysOf(child, prefix ? `${prefix}.${name}` : name),
  ]);
}

test("every text in both languages is i18next's own, looked up once and again, as pages and loaders look up", () => {
  let looked = 0;
  for (const language of languages) {
    const reference = plainI18next(language);
    for (const namespace of namespaces) {
      const keys = [...new Set(keysOf(resources[language][namespace]))];
      const expected = keys.map((key) => reference.getFixedT(language, namespace)(key));
      for (let round = 0; round < 2; round++) {
        // Loaders: getFixedT(language, namespace). Components: react-i18next's getFixedT(null, namespace).
        const fromLoader = getFixedT(language, namespace as Namespace);
        const fromComponent = getI18n(language).getFixedT(null, namespace);
        expect(keys.map((key) => fromLoader(key))).toEqual(expected);
        expect(keys.map((key) => fromComponent(key))).toEqual(expected);
      }
      looked += keys.length;
    }
  }
  expect(looked).toBeGreaterThan(1_000);
});

test("lookups with values, counts or objects are worked out each time", () => {
  for (const language of languages) {
    const reference = plainI18next(language);
    const t = getFixedT(language, "report");
    const expected = reference.getFixedT(language, "report");
    t("sent.jurisdiction.external", { agency: "FIA" });
    expect(t("sent.jurisdiction.external", { agency: "the police" })).toBe(
      expected("sent.jurisdiction.external", { agency: "the police" }),
    );
    expect(t("sent.jurisdiction.external", { agency: "the police" })).toContain("the police");
    const followUp = getFixedT(language, "follow-up");
    const referenceFollowUp = reference.getFixedT(language, "follow-up");
    for (const count of [1, 2, 1, 5]) {
      expect(followUp("case.filesAttached", { count })).toBe(referenceFollowUp("case.filesAttached", { count }));
      expect(followUp("case.filesAttached", { count })).toMatch(new RegExp(`${count}`));
    }
    const home = getFixedT(language, "home");
    expect(home("facts", { returnObjects: true })).toEqual(
      reference.getFixedT(language, "home")("facts", { returnObjects: true }),
    );
    expect(Array.isArray(home("facts", { returnObjects: true }))).toBe(true);
  }
});

test("a missing key is reported every time it is looked up, not only the first", () => {
  const error = vi.spyOn(console, "error").mockImplementation(() => {});
  const t = getFixedT("en", "report");
  expect(t("sent.noSuchKey")).toBe("sent.noSuchKey");
  expect(t("sent.noSuchKey")).toBe("sent.noSuchKey");
  expect(error.mock.calls.filter(([line]) => String(line).includes("report:sent.noSuchKey"))).toHaveLength(2);
  // With its namespace in the key, i18next answers a missing key without the namespace: still not kept.
  const common = getFixedT("ur", "common");
  expect(common("report:sent.noSuchKey")).toBe("sent.noSuchKey");
  expect(common("report:sent.noSuchKey")).toBe("sent.noSuchKey");
  expect(error.mock.calls.filter(([line]) => String(line).includes("ur report:sent.noSuchKey"))).toHaveLength(2);
  // A key named with its namespace is kept like any other once found.
  expect(common("report:sent.title")).toBe(getFixedT("ur", "report")("sent.title"));
});

test("one translator per language and namespace is made once; a key prefix or a list of namespaces gets i18next's own", () => {
  const instance = getI18n("ur");
  expect(instance.getFixedT(null, "common")).toBe(instance.getFixedT(null, "common"));
  expect(getFixedT("ur", "report")).toBe(getFixedT("ur", "report"));
  expect(getFixedT("ur", "report")).not.toBe(getFixedT("en", "report"));
  const reference = plainI18next("ur");
  const prefixed = instance.getFixedT("ur", "report", "sent");
  expect(prefixed).not.toBe(instance.getFixedT("ur", "report", "sent"));
  expect(prefixed("title")).toBe(reference.getFixedT("ur", "report", "sent")("title"));
  const listed = instance.getFixedT("ur", ["report", "common"]);
  expect(listed("sent.title")).toBe(reference.getFixedT("ur", ["report", "common"])("sent.title"));
  // As the footer names other namespaces: each kept apart, the same as i18next's, the first time and again.
  const footer = instance.getFixedT(null, "common");
  for (let round = 0; round < 2; round++)
    for (const ns of ["law", "get-help", "job-check"])
      expect(footer("meta.title", { ns })).toBe(reference.getFixedT(null, "common")("meta.title", { ns }));
  expect(footer("meta.title", { ns: "law" })).not.toBe(footer("meta.title", { ns: "get-help" }));
  // What react-i18next reads from a translator.
  const { lng, ns } = getFixedT("en", "report") as unknown as { lng: unknown; ns: unknown };
  expect({ lng, ns }).toEqual({ lng: "en", ns: "report" });
});
