import type { DestinationHint } from "~/domain/destinations";
import { hasPermission } from "~/domain/permissions";
import type { StaffUser } from "./staff-session.server";
import { noStoreHeaders } from "~/utils/no-store.mjs";

/** Staff pages are never cached anywhere. */
export const staffHeaders = noStoreHeaders;

/** What the staff layout shows for the signed-in person. */
export function staffNavigation(user: StaffUser) {
  return {
    queue: hasPermission(user.role, "queue:read"),
    stats: hasPermission(user.role, "stats:read"),
    audit: hasPermission(user.role, "audit:read"),
    users: hasPermission(user.role, "staff:manage"),
    directory: hasPermission(user.role, "directory:manage"),
  };
}

/** Only local paths: never an open redirect. */
export function safeNext(value: FormDataEntryValue | string | null): string {
  const next = typeof value === "string" ? value : "";
  return next.startsWith("/staff") && !next.startsWith("//") ? next : "/staff";
}

/** The places a reporter named abroad, for staff: "Oman (“Muscat”)", or "— (“abroad”)" when no country was named. */
export function destinationPlacesOf(hints: readonly DestinationHint[], regions: Intl.DisplayNames): string[] {
  return hints.map(
    (hint) => `${hint.place === "abroad" ? "—" : (regions.of(hint.place) ?? hint.place)} (“${hint.term}”)`,
  );
}
