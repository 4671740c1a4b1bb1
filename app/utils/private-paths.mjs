// @ts-check
// Plain JavaScript with no imports: the Node.js server's page cache (server/page-cache.mjs) and the service
// worker (app/browser-scripts/service-worker.ts, through its configuration) read the same list.

/**
 * Path segments whose pages hold or take tip data, or belong to staff: never cached by the server or kept by
 * the service worker, at any depth and in any letter case.
 */
export const privatePathSegments = Object.freeze(["report", "follow-up", "api", "staff", "webhooks"]);
