// @ts-check
// Plain JavaScript with no imports, so the Node.js server (server/*.mjs) uses the same headers as the app.

/**
 * Report, follow-up and staff pages, and every answer with a receipt, a tip or a form's answers: never kept by
 * the browser, a proxy or the server's page cache. The empty report form too (docs/threat-model.md, P8): on a
 * shared phone, a kept copy of the form is a trace that someone meant to report.
 */
export const noStoreHeaders = Object.freeze({ "Cache-Control": /** @type {const} */ ("no-store") });
