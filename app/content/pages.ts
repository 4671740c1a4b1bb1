// The public pages, kept in one table so navigation, the sitemap, tests and the service worker agree.
import type { TipCategory } from "~/domain/tip";

export type ArticleSlug =
  | "fake-job-offers"
  | "bride-trafficking"
  | "bonded-labour"
  | "child-trafficking"
  | "migrant-smuggling"
  | "law"
  | "safety";

export interface ArticlePage {
  slug: ArticleSlug;
  /** The i18n namespace holding the page text. */
  namespace: ArticleSlug;
  /** Topic pages describe one form of trafficking and can start a report in its category. */
  kind: "topic" | "info";
  reportCategory?: TipCategory;
}

export const articlePages: readonly ArticlePage[] = [
  { slug: "fake-job-offers", namespace: "fake-job-offers", kind: "topic", reportCategory: "fake_job_offer" },
  { slug: "bride-trafficking", namespace: "bride-trafficking", kind: "topic", reportCategory: "bride_trafficking" },
  { slug: "bonded-labour", namespace: "bonded-labour", kind: "topic", reportCategory: "bonded_labour" },
  { slug: "child-trafficking", namespace: "child-trafficking", kind: "topic", reportCategory: "child_exploitation" },
  { slug: "migrant-smuggling", namespace: "migrant-smuggling", kind: "topic", reportCategory: "migrant_smuggling" },
  { slug: "law", namespace: "law", kind: "info" },
  { slug: "safety", namespace: "safety", kind: "info" },
];

export const topicPages = articlePages.filter((page) => page.kind === "topic");

export function findArticlePage(slug: string | undefined): ArticlePage | undefined {
  return articlePages.find((page) => page.slug === slug);
}

/** Every public path after the language prefix ("" is the home page). */
export const publicPaths: readonly string[] = [
  "",
  ...articlePages.map((page) => `/${page.slug}`),
  "/get-help",
  "/job-check",
  "/report",
  "/follow-up",
];
