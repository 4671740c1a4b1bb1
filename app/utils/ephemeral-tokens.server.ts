import crypto from "node:crypto";

// Short-lived capabilities kept only in memory, carried in a URL instead of a cookie (public pages set no
// cookies). Used to show a new receipt once after POST-redirect-GET, and for a follow-up visit after the
// receipt was typed in. They vanish on restart, which only means typing the receipt again.

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/** At most `max` live tokens share a group (for follow-up visits: a tip); a new one ends the group's oldest. */
export interface GroupLimit<T> {
  groupOf: (value: T) => string;
  max: number;
}

export class EphemeralTokenStore<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Tokens issued per group, oldest first; may name tokens already gone (cleaned on issue and sweep). */
  private readonly groups = new Map<string, string[]>();
  private lastSweep = 0;

  /** Entries held, expired or not (for tests). */
  get size(): number {
    return this.entries.size;
  }

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxEntries = 10_000,
    private readonly groupLimit?: GroupLimit<T>,
  ) {}

  issue(value: T, now = Date.now()): string {
    this.sweep(now);
    // One holder of a capability (one receipt) must not fill the store and push everyone else out.
    const group = this.groupLimit ? this.groupLimit.groupOf(value) : undefined;
    const siblings = group === undefined ? [] : this.liveTokens(this.groups.get(group) ?? [], now);
    while (this.groupLimit && siblings.length >= this.groupLimit.max) this.entries.delete(siblings.shift()!);
    // Bound memory: the oldest entries go first (Map keeps insertion order).
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const token = crypto.randomBytes(24).toString("base64url");
    this.entries.set(token, { value, expiresAt: now + this.lifetimeMs });
    if (group !== undefined) this.groups.set(group, [...siblings, token]);
    return token;
  }

  /** The tokens of a list still held and unexpired; expired ones are dropped. */
  private liveTokens(tokens: string[], now: number): string[] {
    return tokens.filter((token) => {
      const entry = this.entries.get(token);
      if (entry && entry.expiresAt <= now) this.entries.delete(token);
      return entry !== undefined && entry.expiresAt > now;
    });
  }

  /** The value, and its life extended (sliding expiry), or null when unknown or expired. */
  use(token: string | null | undefined, now = Date.now()): T | null {
    if (!token) return null;
    const entry = this.entries.get(token);
    if (!entry || entry.expiresAt <= now) {
      if (entry) this.entries.delete(token);
      return null;
    }
    entry.expiresAt = now + this.lifetimeMs;
    return entry.value;
  }

  /** The value without extending its life. */
  peek(token: string | null | undefined, now = Date.now()): T | null {
    if (!token) return null;
    const entry = this.entries.get(token);
    return entry && entry.expiresAt > now ? entry.value : null;
  }

  revoke(token: string | null | undefined) {
    if (token) this.entries.delete(token);
  }

  /**
   * Drops expired entries, at most once a second: a sweep walks every entry, and doing it on every issue made
   * a burst of tips quadratic (seen in a CPU profile of the intake bench). Lookups check expiry themselves.
   */
  private sweep(now: number) {
    // When full, sweep anyway: expired entries must go before live ones are evicted.
    if (now - this.lastSweep < 1_000 && now >= this.lastSweep && this.entries.size < this.maxEntries) return;
    this.lastSweep = now;
    for (const [token, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(token);
    for (const [group, tokens] of this.groups) {
      const live = tokens.filter((token) => this.entries.has(token));
      if (live.length === 0) this.groups.delete(group);
      else if (live.length < tokens.length) this.groups.set(group, live);
    }
  }
}
