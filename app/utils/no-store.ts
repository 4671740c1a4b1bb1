/** Pages with a receipt, a tip or a form's answers must never be kept by the browser or a proxy. */
export const noStoreHeaders = { "Cache-Control": "no-store" } as const;
