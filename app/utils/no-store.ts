/**
 * Report, follow-up and staff pages, and every answer with a receipt, a tip or a form's answers: never kept by
 * the browser, a proxy or the server's page cache. The empty report form too (docs/threat-model.md, P8): on a
 * shared phone, a kept copy of the form is a trace that someone meant to report.
 */
export const noStoreHeaders = { "Cache-Control": "no-store" } as const;
