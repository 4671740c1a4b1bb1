import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { pickLanguageFromAcceptLanguage } from "~/i18n/accept-language.server";

/** A first visit goes to Urdu, or to English when the browser asks for English. */
export function loader({ request }: LoaderFunctionArgs) {
  const language = pickLanguageFromAcceptLanguage(request.headers.get("Accept-Language"));
  return redirect(`/${language}`, { headers: { Vary: "Accept-Language", "Cache-Control": "no-cache" } });
}
