import { getEnv } from "./env.server";
import { isLanguage, type Language } from "~/i18n/languages";

/** Every public route starts here: an unknown language prefix is a 404, not an error. */
export function requireLanguage(param: string | undefined): Language {
  if (!isLanguage(param)) throw new Response("Not Found", { status: 404 });
  return param;
}

/** Absolute origin for share links: configured, or the one the request came to. */
export function publicOrigin(request: Request): string {
  return getEnv().PUBLIC_ORIGIN ?? new URL(request.url).origin;
}

/**
 * Public pages are the same for every reader of a language and set no cookie: browsers may keep them a
 * short while and must revalidate after that.
 */
export const publicPageHeaders = {
  "Cache-Control": "public, max-age=300, must-revalidate",
} as const;
