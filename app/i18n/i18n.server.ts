import { createInstance, type i18n, type InitOptions, type TFunction } from "i18next";
import { resources } from "./resources.server";
import { defaultNamespace, namespaces, type Namespace } from "./namespaces";
import type { Language } from "./languages";

const instances = new Map<Language, i18n>();

function reportMissingKey(languagesTried: readonly string[], namespace: string, key: string) {
  // Tests read the server log for this line: a missing key is a bug, never a blank on the page.
  console.error(`Missing translation: ${languagesTried.join(",")} ${namespace}:${key}`);
}

/** How the server's i18next reads the translations (every text bundled; nothing loaded later). */
export function serverI18nOptions(language: Language): InitOptions {
  return {
    lng: language,
    fallbackLng: false,
    supportedLngs: ["ur", "en"],
    resources,
    ns: [...namespaces],
    defaultNS: defaultNamespace,
    interpolation: { escapeValue: false },
    returnNull: false,
    initImmediate: false,
  };
}

/** One initialised i18next instance per language, shared by all requests (nobody changes its language). */
export function getI18n(language: Language): i18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = createInstance();
    // Set by a lookup that found no text, so that lookup's answer is not kept (keepFixedTranslators).
    const lookup = { missed: false };
    void instance.init({
      ...serverI18nOptions(language),
      saveMissing: true,
      missingKeyHandler: (languagesTried, namespace, key) => {
        lookup.missed = true;
        reportMissingKey(languagesTried, namespace, key);
      },
    });
    keepFixedTranslators(instance, lookup);
    instances.set(language, instance);
  }
  return instance;
}

/** The options `getFixedT`'s function adds by itself: a lookup with no others always gives the same text. */
const fixedOptionNames = new Set(["lng", "lngs", "ns", "keyPrefix"]);

function isPlainLookup(key: unknown, options: unknown, more: number): key is string {
  if (typeof key !== "string" || more > 0) return false;
  if (options === undefined) return true;
  if (typeof options !== "object" || options === null) return false;
  // for...in, not Object.entries: this runs for every lookup on a rendered page.
  for (const name in options) {
    if (!fixedOptionNames.has(name) || (name === "lngs" && (options as { lngs?: unknown }).lngs != null)) return false;
  }
  return true;
}

/** The options of a plain lookup, as text: what makes its answer differ. */
function fixedOptionsId(options: unknown): string {
  const { lng, ns, keyPrefix } = (options ?? {}) as { lng?: unknown; ns?: unknown; keyPrefix?: unknown };
  return `${String(lng ?? "")}\u0000${String(ns ?? "")}\u0000${String(keyPrefix ?? "")}`;
}

/** Far more than the app's keys in one language; only a bug (keys made from input) could reach it. */
const keptTextsLimit = 20_000;

type FixedT = ((key: unknown, options?: unknown, ...more: unknown[]) => unknown) & {
  lng?: unknown;
  lngs?: unknown;
  ns?: unknown;
  keyPrefix?: unknown;
};

/**
 * One translator per language and namespace, made once, that keeps the text of each plain lookup (a key alone, or
 * with the options a translator adds itself, such as `{ ns }`) after its first use. i18next makes a new translator
 * for every component that translates (react-i18next's useTranslation), copies each call's options, and resolves
 * every lookup again (namespaces, fallbacks, nesting, plurals): together about a sixth of the receipt page's time
 * (docs/decisions/038 and 043). The resources never change while the server runs. Any other lookup (values, a
 * count, a key prefix, a list of namespaces) goes to i18next as before. A lookup that found no text is not kept,
 * so a missing key is reported every time.
 */
function keepFixedTranslators(instance: i18n, lookup: { missed: boolean }) {
  const makeFixedT = instance.getFixedT.bind(instance) as unknown as (...args: unknown[]) => FixedT;
  const kept = new Map<string, FixedT>();
  instance.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown) => {
    if (!(typeof lng === "string" || lng == null) || typeof ns !== "string" || keyPrefix !== undefined)
      return makeFixedT(lng, ns, keyPrefix);
    const id = `${lng ?? ""}\u0000${ns}`;
    const known = kept.get(id);
    if (known) return known;
    const slow = makeFixedT(lng, ns);
    const texts = new Map<string, unknown>();
    const fixed: FixedT = Object.assign(
      (key: unknown, options?: unknown, ...more: unknown[]) => {
        if (!isPlainLookup(key, options, more.length)) return slow(key, options, ...more);
        // The footer names another namespace ({ ns }): such a lookup is kept under its options too.
        const id = options === undefined ? key : `${key}\u0000${fixedOptionsId(options)}`;
        const known = texts.get(id);
        if (known !== undefined) return known;
        lookup.missed = false;
        const text = slow(key, options);
        // A key with no text is not kept, so it is reported every time (reportMissingKey).
        if (typeof text === "string" && !lookup.missed && texts.size < keptTextsLimit) texts.set(id, text);
        return text;
      },
      { lng: slow.lng, lngs: slow.lngs, ns: slow.ns, keyPrefix: slow.keyPrefix },
    );
    kept.set(id, fixed);
    return fixed;
  }) as unknown as typeof instance.getFixedT;
}

export function getFixedT(language: Language, namespace: Namespace = defaultNamespace): TFunction {
  return getI18n(language).getFixedT(language, namespace);
}
