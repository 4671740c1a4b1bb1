import { getEnv } from "./env.server";
import { SlidingWindowLimiter } from "./rate-limit.server";

// Limits on wrong staff sign-ins (passwords and two-step codes), in front of the per-account delays in
// app/models/staff-user.server.ts, which are the real protection (ADR 014). Both limits only protect the
// server's time: over either one, only an attempt that carries a valid two-step code is checked, so an
// officer can still sign in while someone floods the form.

const windowMs = 15 * 60 * 1000;

/**
 * Per client key. Generous (many officers can share one office address). STAFF_FAILURES_PER_CONNECTION=0
 * turns it off where every request arrives from one address (reverse proxy, onion service).
 */
export const staffLoginLimiter = new SlidingWindowLimiter({
  allowed: getEnv().STAFF_FAILURES_PER_CONNECTION || Number.POSITIVE_INFINITY,
  windowMs,
});

/** The whole site: a high ceiling that bounds how many slow password hashes strangers can make us run. */
export const staffSiteWideLimiter = new SlidingWindowLimiter({ allowed: getEnv().STAFF_FAILURES_SITE_WIDE, windowMs });
const siteKey = "site";

export function staffAttemptsOverLimit(clientKey: string, now = Date.now()): boolean {
  return staffLoginLimiter.isOverLimit(clientKey, now) || staffSiteWideLimiter.isOverLimit(siteKey, now);
}

export function recordStaffFailure(clientKey: string, now = Date.now()) {
  // Off (0): record nothing, or the key's list would grow without bound.
  if (getEnv().STAFF_FAILURES_PER_CONNECTION > 0) staffLoginLimiter.record(clientKey, now);
  staffSiteWideLimiter.record(siteKey, now);
}
