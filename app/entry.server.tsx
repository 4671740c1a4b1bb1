import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getI18n } from "./i18n/i18n.server";
import { defaultLanguage, isLanguage } from "./i18n/languages";
import { NonceProvider } from "./utils/nonce";

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

  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    // Pages are rendered completely before sending: public pages carry no client JavaScript, so
    // streaming placeholders would never be filled in.
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={getI18n(language)}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          status = 500;
          logServerError(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
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
