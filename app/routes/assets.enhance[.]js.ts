import type { LoaderFunctionArgs } from "@remix-run/node";
import { enhanceScriptSource, enhanceScriptVersion } from "~/browser-scripts/enhance-script";

export function loader({ request }: LoaderFunctionArgs) {
  const requestedVersion = new URL(request.url).searchParams.get("v");
  const cacheControl = requestedVersion === enhanceScriptVersion ? "public, max-age=31536000, immutable" : "no-cache";
  return new Response(enhanceScriptSource, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": cacheControl,
      ETag: `"${enhanceScriptVersion}"`,
    },
  });
}
