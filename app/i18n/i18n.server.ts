import { createInstance, type i18n, type TFunction } from "i18next";
import { resources } from "./resources.server";
import { defaultNamespace, namespaces, type Namespace } from "./namespaces";
import type { Language } from "./languages";

const instances = new Map<Language, i18n>();

function reportMissingKey(languagesTried: readonly string[], namespace: string, key: string) {
  // Tests read the server log for this line: a missing key is a bug, never a blank on the page.
  console.error(`Missing translation: ${languagesTried.join(",")} ${namespace}:${key}`);
}

/** One initialised i18next instance per language, shared by all requests (nobody changes its language). */
export function getI18n(language: Language): i18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = createInstance();
    void instance.init({
      lng: language,
      fallbackLng: false,
      supportedLngs: ["ur", "en"],
      resources,
      ns: [...namespaces],
      defaultNS: defaultNamespace,
      interpolation: { escapeValue: false },
      returnNull: false,
      initImmediate: false,
      saveMissing: true,
      missingKeyHandler: reportMissingKey,
    });
    instances.set(language, instance);
  }
  return instance;
}

export function getFixedT(language: Language, namespace: Namespace = defaultNamespace): TFunction {
  return getI18n(language).getFixedT(language, namespace);
}
