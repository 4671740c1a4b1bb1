// Abuse control that identifies no one. Keys are HMACs of the client address made by the server with a
// secret that lives in memory and rotates (server/client-key.mjs); the address itself never reaches the app.
// Many Pakistani mobile users share one carrier address, so limits are generous and slow people down before
// they refuse anything.

import { getEnv, type Env } from "./env.server";

export interface Limit {
  /** Events allowed in the window before the bucket starts to slow down or refuse. */
  allowed: number;
  windowMs: number;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: Limit,
    private readonly maxKeys = 50_000,
  ) {}

  /** Events recorded for the key in the current window. */
  count(key: string, now = Date.now()): number {
    return this.recent(key, now).length;
  }

  record(key: string, now = Date.now()) {
    const recent = this.recent(key, now);
    recent.push(now);
    // Past twice the limit, older events change no decision but would make every check slower under a flood.
    if (recent.length > this.limit.allowed * 2) recent.splice(0, recent.length - this.limit.allowed * 2);
    if (!this.hits.has(key) && this.hits.size >= this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
    this.hits.set(key, recent);
  }

  isOverLimit(key: string, now = Date.now()): boolean {
    return this.count(key, now) >= this.limit.allowed;
  }

  /** Seconds until the oldest event in the window expires. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const oldest = this.recent(key, now)[0];
    return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.limit.windowMs - now) / 1000));
  }

  reset(key: string) {
    this.hits.delete(key);
  }

  clear() {
    this.hits.clear();
  }

  private recent(key: string, now: number): number[] {
    const cutoff = now - this.limit.windowMs;
    return (this.hits.get(key) ?? []).filter((time) => time > cutoff);
  }
}

/**
 * Tips (form and API) per client key: a household or an NGO office can send several; a flood cannot.
 * TIPS_PER_HOUR_PER_CONNECTION (default 20) raises it where every visitor shares one address (proxy, Tor).
 */
export const tipSubmissionLimiter = new SlidingWindowLimiter({
  allowed: getEnv().TIPS_PER_HOUR_PER_CONNECTION,
  windowMs: 60 * 60 * 1000,
});

/** How wrong receipt codes are answered, per client key in 15 minutes (docs/decisions/012 and 016). */
export interface ReceiptGuessing {
  /** Wrong codes answered at once. */
  freeFailures: number;
  /** Wrong codes before a wrong code is refused for a while (the right code still gets in). */
  allowed: number;
  /** The longest wait before an answer. */
  maxWaitMs: number;
}

export function receiptGuessingFrom(
  env: Pick<Env, "WRONG_RECEIPTS_BEFORE_WAIT" | "WRONG_RECEIPTS_BEFORE_REFUSAL" | "WRONG_RECEIPT_MAX_WAIT_SECONDS">,
): ReceiptGuessing {
  return {
    freeFailures: env.WRONG_RECEIPTS_BEFORE_WAIT,
    allowed: env.WRONG_RECEIPTS_BEFORE_REFUSAL,
    maxWaitMs: env.WRONG_RECEIPT_MAX_WAIT_SECONDS * 1000,
  };
}

/**
 * Defaults 3, 30 and 8 s. Behind a reverse proxy or an onion service every reporter shares one key, so one
 * guesser would slow everyone: raise the counts and lower the wait there (README, Configuration).
 */
export const receiptGuessing = receiptGuessingFrom(getEnv());

/** Wrong receipt codes per client key: after a few, each attempt waits longer; after many, a pause. */
export const receiptFailureLimiter = new SlidingWindowLimiter({
  allowed: receiptGuessing.allowed,
  windowMs: 15 * 60 * 1000,
});

/** Delay before answering a receipt lookup: 0.5 s, doubling with each recent failure past the free ones, capped. */
export function receiptLookupDelayMs(recentFailures: number, guessing: ReceiptGuessing = receiptGuessing): number {
  if (recentFailures < guessing.freeFailures) return 0;
  return Math.min(guessing.maxWaitMs, 500 * 2 ** Math.min(20, recentFailures - guessing.freeFailures));
}

/** A key for requests that reach the app without one (tests calling actions directly). */
export const anonymousClientKey = "no-client-key";

export function clientKeyOf(context: { clientKey?: unknown }): string {
  return typeof context.clientKey === "string" && context.clientKey ? context.clientKey : anonymousClientKey;
}
