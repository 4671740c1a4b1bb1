// The service worker script, at the root so its scope is the whole site (app/assets/service-worker.ts).
import { offlinePagePaths, serviceWorkerSource } from "~/assets/service-worker";
import { shortHash } from "~/assets/enhance-script";
import { helplines } from "~/content/helplines";
import { resources } from "~/i18n/resources.server";
import { languages } from "~/i18n/languages";
import stylesHref from "~/styles/app.css";

const config = {
  languages,
  pagePaths: offlinePagePaths,
  networkTimeoutMs: 4_000,
  // New texts, helplines or styles start a fresh offline copy.
  version: shortHash(JSON.stringify([resources, helplines, stylesHref, offlinePagePaths])),
};
const source = serviceWorkerSource(config);
const etag = `"${shortHash(source)}"`;

export function loader() {
  return new Response(source, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // Browsers check the worker for updates themselves; revalidating costs a 304.
      "Cache-Control": "public, max-age=0, must-revalidate",
      ETag: etag,
    },
  });
}
