// The service worker script, at the root so its scope is the whole site (app/browser-scripts/service-worker.ts).
import { offlinePagePaths, serviceWorkerSource } from "~/browser-scripts/service-worker";
import { shortHash } from "~/browser-scripts/enhance-script";
import { resources } from "~/i18n/resources.server";
import { languages } from "~/i18n/languages";
import { getDirectory } from "~/models/directory.server";
import stylesHref from "~/styles/app.css";
import { privatePathSegments } from "~/utils/private-paths.mjs";
import type { Helpline } from "~/domain/directory";

/** The script for a list of helplines, kept for the last list seen (it changes only when an admin edits it). */
let built: { helplines: readonly Helpline[]; source: string; etag: string } | undefined;

function scriptFor(helplines: readonly Helpline[]) {
  if (built?.helplines !== helplines) {
    const source = serviceWorkerSource({
      languages,
      pagePaths: offlinePagePaths,
      networkTimeoutMs: 4_000,
      privateSegments: privatePathSegments,
      // New texts, helplines or styles start a fresh offline copy.
      version: shortHash(JSON.stringify([resources, helplines, stylesHref, offlinePagePaths])),
    });
    built = { helplines, source, etag: `"${shortHash(source)}"` };
  }
  return built;
}

export async function loader() {
  const { source, etag } = scriptFor((await getDirectory()).helplines);
  return new Response(source, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // Browsers check the worker for updates themselves; revalidating costs a 304.
      "Cache-Control": "public, max-age=0, must-revalidate",
      ETag: etag,
    },
  });
}
