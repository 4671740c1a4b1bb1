// Rules for the five topic pages' text (issue 11): every figure and sourced fact shows where it comes from,
// each page says who is targeted, and the Urdu explains «انسانی تجارت» the first time a reader meets it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { topicPages } from "~/content/pages";
import { languages } from "~/i18n/languages";

const localesDir = path.resolve(__dirname, "../../locales");

// `link: "help"` marks a text that links to the page's help box (it carries no fact of its own).
type Item = string | { text: string; source?: string; ref?: string; link?: "help" };
interface Section {
  heading: string;
  paragraphs?: string[];
  items?: Item[];
  source?: string;
  ref?: string;
}
interface Page {
  title: string;
  lead: string;
  sections: Record<string, Section>;
}

function readPage(language: string, namespace: string): Page {
  return JSON.parse(fs.readFileSync(path.join(localesDir, language, `${namespace}.json`), "utf8")) as Page;
}

/** The page's text in the order a reader sees it: the heading, the lead, then each section. */
function textInReadingOrder(page: Page): string[] {
  const texts = [page.title, page.lead];
  for (const section of Object.values(page.sections)) {
    texts.push(section.heading, ...(section.paragraphs ?? []));
    for (const item of section.items ?? []) {
      if (typeof item === "string") texts.push(item);
      else texts.push(item.text, ...(item.source ? [item.source] : []));
    }
    if (section.source) texts.push(section.source);
  }
  return texts;
}

// A year, or the words the pages use when the source gives none.
const namesAYearOrSaysNone = /\d{4}|year not given|سال درج نہیں/;

describe.each(topicPages.map((page) => page.namespace))("topic page %s", (namespace) => {
  test.each(languages)("in %s, a list item that gives a figure shows its source", (language) => {
    for (const [id, section] of Object.entries(readPage(language, namespace).sections)) {
      for (const item of section.items ?? []) {
        const text = typeof item === "string" ? item : item.text;
        const source = typeof item === "string" ? undefined : item.source;
        if (/\d/.test(text)) expect(source, `${id}: "${text}" gives a figure without its source`).toMatch(/\S/);
      }
    }
  });

  test.each(languages)("in %s, every sourced item names the year, or says the source gives none", (language) => {
    for (const [id, section] of Object.entries(readPage(language, namespace).sections)) {
      for (const item of section.items ?? []) {
        if (typeof item === "string" || (item.source === undefined && item.ref === undefined)) continue;
        expect(item.source, `${id}: "${item.text}"`).toMatch(namesAYearOrSaysNone);
        expect(item.ref, `${id}: "${item.text}"`).toMatch(/^\d{3} /);
      }
    }
  });

  test.each(languages)("in %s, the page says who is targeted", (language) => {
    const who = readPage(language, namespace).sections.who;
    expect(who?.items?.length ?? 0).toBeGreaterThanOrEqual(3);
  });

  test("in Urdu, «انسانی تجارت» is explained as «(ٹریفکنگ)» the first time it appears", () => {
    const texts = textInReadingOrder(readPage("ur", namespace));
    const first = texts.find((text) => text.includes("انسانی تجارت"));
    expect(first, "the page names trafficking").toBeDefined();
    expect(first!.slice(first!.indexOf("انسانی تجارت"))).toMatch(/^انسانی تجارت \(ٹریفکنگ\)/);
  });
});
