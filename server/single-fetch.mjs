// @ts-check
import { noStoreHeaders } from "../app/utils/no-store.mjs";
import { canonicalPath } from "./canonical-path.mjs";
import { answerPlainText } from "./steps.mjs";

/**
 * Refuses Remix's client data requests: single fetch (`/path.data`, answered through turbo-stream 2.4.1,
 * CVE-2026-34077) and lazy route discovery (`/__manifest`). Only a hydrated page makes them, and no page hydrates
 * (public pages ship no React runtime, ADR 002; staff pages work as plain forms), so nobody needs them and an
 * attacker should not reach them (docs/decisions/015). A page that starts to hydrate must be let through here.
 * @param {string | undefined} url the request's path and query
 */
export function isClientDataRequest(url) {
  const asSent = (url ?? "/").split("?")[0] ?? "/";
  // As the URL parser will read it: `/x/../__manifest` is `/__manifest` to Remix. A POST is never redirected to
  // its canonical path, so the check itself must see that path.
  const pathname = canonicalPath(asSent) ?? asSent;
  return pathname.endsWith(".data") || pathname === "/__manifest" || pathname.startsWith("/__manifest/");
}

/** @type {import("./steps.mjs").Step} */
export function refuseClientDataRequests(req, res, next) {
  if (!isClientDataRequest(req.url)) return next();
  answerPlainText(res, 404, "Not Found", noStoreHeaders);
}
