import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { articlePages } from "~/content/pages";
import { languages } from "~/i18n/languages";
import { namespaces } from "~/i18n/namespaces";
import { resources } from "~/i18n/resources.server";

const localesDir = path.resolve(__dirname, "../../locales");

function readNamespace(language: string, namespace: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(localesDir, language, `${namespace}.json`), "utf8"));
}

/** Every key path, with array lengths, so "same keys" also means "same number of items". */
function shapeOf(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) {
    return [`${prefix}[${value.length}]`, ...value.flatMap((item, index) => shapeOf(item, `${prefix}[${index}]`))];
  }
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, child]) => shapeOf(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

function valuesAt(value: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((item) => valuesAt(item, key, found));
  else if (value && typeof value === "object") {
    for (const [childKey, child] of Object.entries(value)) {
      if (childKey === key) found.push(child);
      valuesAt(child, key, found);
    }
  }
  return found;
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

test("the locale folders hold exactly the registered namespaces", () => {
  for (const language of languages) {
    const files = fs.readdirSync(path.join(localesDir, language)).filter((file) => file.endsWith(".json"));
    expect(files.map((file) => file.replace(/\.json$/, "")).sort()).toEqual([...namespaces].sort());
  }
});

test("the server bundle registers every namespace with the file's content", () => {
  for (const language of languages) {
    for (const namespace of namespaces) {
      expect(resources[language][namespace]).toEqual(readNamespace(language, namespace));
    }
  }
});

describe.each(namespaces)("namespace %s", (namespace) => {
  test("Urdu and English have the same keys and list lengths", () => {
    expect(shapeOf(readNamespace("ur", namespace))).toEqual(shapeOf(readNamespace("en", namespace)));
  });

  test("source references are identical in both languages", () => {
    expect(valuesAt(readNamespace("ur", namespace), "ref")).toEqual(valuesAt(readNamespace("en", namespace), "ref"));
  });

  test("no text is empty and Urdu text uses Urdu script", () => {
    for (const language of languages) {
      for (const text of strings(readNamespace(language, namespace))) expect(text.trim()).not.toBe("");
    }
    const urdu = strings(readNamespace("ur", namespace)).join(" ");
    expect(urdu).toMatch(/[\u0600-\u06ff]/);
  });
});

describe.each(articlePages.map((page) => page.namespace))("article %s", (namespace) => {
  test.each(languages)("has a title, description, lead and well-formed sections in %s", (language) => {
    const content = readNamespace(language, namespace) as {
      meta: { title: string; description: string };
      title: string;
      lead: string;
      sections: Record<string, { heading: string; paragraphs?: unknown[]; items?: unknown[] }>;
    };
    expect(content.meta.title).toBeTruthy();
    expect(content.meta.description.length).toBeLessThanOrEqual(160);
    expect(content.title).toBeTruthy();
    expect(content.lead).toBeTruthy();
    const sections = Object.values(content.sections);
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      expect(section.heading).toBeTruthy();
      expect((section.paragraphs?.length ?? 0) + (section.items?.length ?? 0)).toBeGreaterThan(0);
    }
  });
});

test("every statistic on topic pages carries a visible source", () => {
  for (const page of articlePages.filter((p) => p.kind === "topic")) {
    for (const language of languages) {
      const content = readNamespace(language, page.namespace) as {
        sections: { numbers?: { items: { text: string; source: string; ref: string }[] } };
      };
      const numbers = content.sections.numbers?.items ?? [];
      expect(numbers.length, `${language}/${page.namespace} has statistics`).toBeGreaterThan(0);
      for (const item of numbers) {
        expect(item.source, `${language}/${page.namespace}: "${item.text}"`).toMatch(/\S/);
        expect(item.source, `${language}/${page.namespace}: the source names a year`).toMatch(/\d{4}|year|سال/);
        expect(item.ref).toMatch(/^\d{3} /);
      }
    }
  }
});
