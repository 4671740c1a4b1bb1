import { EphemeralTokenStore } from "./ephemeral-tokens.server";

/**
 * How long the confirmation page shows a new receipt after the report is sent, counted from sending and never
 * extended: long enough for a reload, short enough that the phone's history does not keep it. "I have saved my
 * code" ends it at once (issue 10, item 8).
 */
export const receiptDisplayMs = 2 * 60 * 1000;

/** A new receipt is shown on the confirmation page for a short while after the report is sent, then never again. */
export const receiptDisplayTokens = new EphemeralTokenStore<{
  reference: string;
  receipt: string;
  agency: string;
  unit: string | null;
  jurisdiction: string;
  reasons: string[];
  destinationPlaces: string[];
  alsoNotify: { kind: string; place: string }[];
  urgent: boolean;
}>(receiptDisplayMs);

/**
 * Follow-up visits open at once per tip: typing the receipt again ends the oldest, so one receipt cannot fill
 * the store and push other reporters' visits out (issue 10, item 9).
 */
export const followUpVisitsPerTip = 3;

/** A follow-up visit lasts while the reporter is active, up to 20 idle minutes. */
export const followUpTokens = new EphemeralTokenStore<{ tipId: string }>(20 * 60 * 1000, 10_000, {
  groupOf: (visit) => visit.tipId,
  max: followUpVisitsPerTip,
});
