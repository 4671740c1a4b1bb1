import type { LoaderFunctionArgs } from "@remix-run/node";
import { webManifest } from "~/utils/web-manifest";
import { getFixedT } from "~/i18n/i18n.server";
import { requireLanguage } from "~/server/public-page.server";

export function loader({ params }: LoaderFunctionArgs) {
  const lang = requireLanguage(params.lang);
  const t = getFixedT(lang);
  return new Response(JSON.stringify(webManifest(lang, { siteName: t("siteName"), tagline: t("tagline") })), {
    headers: {
      "Content-Type": "application/manifest+json; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    },
  });
}
