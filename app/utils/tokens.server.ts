import { EphemeralTokenStore } from "./ephemeral-tokens.server";

/** A new receipt is shown on the confirmation page for 15 minutes after the report is sent, then never again. */
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
}>(15 * 60 * 1000);

/** A follow-up visit lasts while the reporter is active, up to 20 idle minutes. */
export const followUpTokens = new EphemeralTokenStore<{ tipId: string }>(20 * 60 * 1000);
