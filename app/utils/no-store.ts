/** Pages with a receipt, a tip or a form's answers must never be kept by the browser or a proxy. */
export const noStoreHeaders = { "Cache-Control": "no-store" } as const;

/**
 * The empty report form (a GET, no action, no error): it holds no tip data and is the same for every reader of a
 * language, so the browser may keep it for this reader and must check it on every use. The server answers that
 * check with a 304 (server/revalidate.mjs). Never shared: `private`, and the page cache and the service worker
 * never touch report pages.
 */
export const revalidateHeaders = { "Cache-Control": "private, no-cache" } as const;

/**
 * Headers for a page that is a form: `private, no-cache` only when its loader asked for it and no action ran and
 * nothing failed; `no-store` for everything else (a rejected form holds what the reader typed).
 */
export function formPageHeaders({
  actionHeaders,
  loaderHeaders,
  errorHeaders,
}: {
  actionHeaders: Headers;
  loaderHeaders: Headers;
  errorHeaders?: Headers;
}): Record<string, string> {
  const actionRan = [...actionHeaders.keys()].length > 0;
  const asked = loaderHeaders.get("Cache-Control") === revalidateHeaders["Cache-Control"];
  return !actionRan && !errorHeaders && asked ? revalidateHeaders : noStoreHeaders;
}
