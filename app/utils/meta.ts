import type { MetaDescriptor } from "@remix-run/react";
import { languages, pathInLanguage } from "~/i18n/languages";

/**
 * Description and links to the same page in the other language. The <title> is rendered by the root
 * Layout from the loader's `title` (see DocumentTitle in root.tsx).
 */
export function pageMeta(
  data: { description?: string } | undefined,
  pathname: string,
  matches: readonly { id: string; data?: unknown }[] = [],
): MetaDescriptor[] {
  const descriptors: MetaDescriptor[] = [];
  // Search engines want absolute alternate links; the origin comes from the root loader.
  const origin = (matches.find((match) => match.id === "root")?.data as { origin?: string } | undefined)?.origin ?? "";
  if (data?.description) descriptors.push({ name: "description", content: data.description });
  for (const language of languages) {
    descriptors.push({
      tagName: "link",
      rel: "alternate",
      hrefLang: language,
      href: `${origin}${pathInLanguage(pathname, "", language)}`,
    });
  }
  return descriptors;
}
