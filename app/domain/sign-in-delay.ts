// Growing waits after wrong staff sign-in attempts (ADR 014). Pure: the caller passes the count and `now`.
//
// A few mistakes cost nothing; after that each further failure doubles the wait, up to a cap. It is a delay,
// not a lock: the sign-in form lets the right password together with a valid second factor through even while
// an account waits, so a stranger who types wrong passwords cannot keep an officer out.

export interface DelayRule {
  /** Failures that cost nothing. */
  free: number;
  /** Wait after the first failure past the free ones; each further failure doubles it. */
  baseMs: number;
  capMs: number;
}

/** Wrong passwords, counted per e-mail (known or not). */
export const passwordDelay: DelayRule = { free: 5, baseMs: 60_000, capMs: 60 * 60_000 };

/** Wrong two-step codes (TOTP or recovery), counted per account: only someone with the password gets here. */
export const secondFactorDelay: DelayRule = { free: 5, baseMs: 15 * 60_000, capMs: 24 * 60 * 60_000 };

/** How long to wait after `failures` failures in a row (0 while they are free). */
export function delayAfterFailures(failures: number, rule: DelayRule): number {
  if (!Number.isFinite(failures) || failures < rule.free) return 0;
  const doublings = Math.min(failures - rule.free, 30);
  return Math.min(rule.capMs, rule.baseMs * 2 ** doublings);
}

/** When the wait after `failures` failures ends, or null when there is none. */
export function delayEnd(failures: number, rule: DelayRule, now: Date): Date | null {
  const delay = delayAfterFailures(failures, rule);
  return delay === 0 ? null : new Date(now.getTime() + delay);
}

/** Whole minutes left to wait, at least 1 (for the "wait N minutes" message). */
export function minutesToWait(until: Date | null, now: Date): number {
  if (!until) return 1;
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}
