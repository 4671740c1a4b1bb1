import { z } from "zod";
import { ReporterLinkKind } from "./reporter-links.server";

/**
 * How long the confirmation page shows a new receipt after the report is sent, counted from sending and never
 * extended: long enough for a reload, short enough that the phone's history does not keep it. "I have saved my
 * code" ends it at once (issue 10, item 8).
 */
export const receiptDisplayMs = 2 * 60 * 1000;

const receiptDisplaySchema = z.object({
  reference: z.string(),
  receipt: z.string(),
  agency: z.string(),
  unit: z.string().nullable(),
  jurisdiction: z.string(),
  reasons: z.array(z.string()),
  destinationPlaces: z.array(z.string()),
  alsoNotify: z.array(z.object({ kind: z.string(), place: z.string() })),
  urgent: z.boolean(),
});

/**
 * A new receipt is shown on the confirmation page for a short while after the report is sent, then never again.
 * The receipt travels sealed in the link, so it is never written to the database (docs/decisions/019).
 */
export const receiptDisplayTokens = new ReporterLinkKind<z.infer<typeof receiptDisplaySchema>>(
  "receipt-display",
  receiptDisplayMs,
  receiptDisplaySchema,
);

/** A follow-up visit lasts while the reporter is active, up to 20 idle minutes: every page carries a renewed link. */
export const followUpIdleMs = 20 * 60 * 1000;

/**
 * A case page opened with a link older than this answers with a redirect to a renewed one, so the address bar
 * (and a reload) keeps up with the sliding expiry, not only the page's forms.
 */
export const followUpRenewAfterMs = 60 * 1000;

export const followUpTokens = new ReporterLinkKind("follow-up", followUpIdleMs, z.object({ tipId: z.string() }));

export type ReceiptDisplay = z.infer<typeof receiptDisplaySchema>;
