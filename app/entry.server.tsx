import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getI18n } from "./i18n/i18n.server";
import { defaultLanguage, isLanguage } from "./i18n/languages";
import { NonceProvider } from "./utils/nonce";
import { compressRenderedPage } from "./server/rendered-page-compression.server";
import type { RouteHandle } from "./utils/route-handle";

export const streamTimeout = 5_000;

// Not a request handler: server/index.mjs (plain Node) runs this check from the build before it listens outside
// a demo, with the same password code the app uses (docs/decisions/015).
export { demoAccountRefusal } from "./server/demo-accounts.server";
// The server runs data retention every hour in its own process (server/retention-schedule.mjs).
export { runScheduledRetention } from "./server/retention.server";
// Every two seconds the server asks whether another instance changed the directory (server/directory-watch.mjs).
export { checkDirectoryVersion } from "./models/directory.server";
// Every few seconds the server sends due staff alerts by e-mail (server/alert-schedule.mjs, docs/decisions/028).
export { runScheduledAlerts } from "./server/alerts.server";
// POST /api/v1/tips is answered from Express before the Remix handler (server/index.mjs, docs/decisions/022).
export { answerTipApi } from "./server/tip-api.server";

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { lang?: unknown } | undefined;
  const language = isLanguage(rootData?.lang) ? rootData.lang : defaultLanguage;
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;

  const { matches } = remixContext.staticHandlerContext;
  if (matches.some((match) => (remixContext.routeModules[match.route.id]?.handle as RouteHandle | undefined)?.hydrate))
    throw new Error("A page asks to hydrate: the string renderer never sends Remix's data (docs/decisions/038).");
  // Rendered whole to a string: no page hydrates (docs/decisions/002; server/single-fetch.mjs refuses the
  // client's data requests) and no route defers data, so nothing is streamed, and the string renderer costs a
  // third less than the streaming one on a small page (docs/decisions/038).
  const html = renderToString(
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={getI18n(language)}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const page = `<!DOCTYPE html>${html}`;
  return new Response(compressRenderedPage(request, responseHeaders, page) ?? page, {
    headers: responseHeaders,
    status: responseStatusCode,
  });
}

/** Logs the error only: never the request, whose headers could identify a reporter. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  logServerError(error);
};

function logServerError(error: unknown) {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(message.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?"));
}
