// What the SMS channel keeps, all of it in this process's memory and none of it on disk (docs/decisions/027):
// conversations keyed by an HMAC of the sender's number under a secret that rotates every 30 minutes, the
// per-number message counts under the same keys, and the answers to recent gateway message ids.
import crypto from "node:crypto";
import { LRUCache } from "lru-cache";
import { canonicalSender, isExpired, smsLimits, type SmsConversation } from "~/domain/sms-conversation";
import { SlidingWindowLimiter } from "./rate-limit.server";

/**
 * Sender keys: HMAC-SHA256 of the number under a random secret that lives only here. Each rotation keeps the
 * previous secret for lookups, so a conversation under way survives one rotation; a number cannot be found
 * from a key, nor matched to one once both secrets are gone (at most an hour later).
 */
export function createSenderKeyer({ rotateEveryMs = smsLimits.idleMs, now = () => Date.now() } = {}) {
  let current = crypto.randomBytes(32);
  let previous: Buffer | null = null;
  let rotatedAt = now();
  const keyUnder = (secret: Buffer, sender: string, channel: string) =>
    crypto
      .createHmac("sha256", secret)
      .update(`${channel}:${canonicalSender(sender)}`)
      .digest("base64url");
  return {
    /** The key to write under, and the previous window's key to look under. */
    keysFor(sender: string, channel = "sms"): { current: string; previous: string | null } {
      const elapsed = now() - rotatedAt;
      if (elapsed >= rotateEveryMs) {
        // Two windows or more without a message: the old secret is of no use any more either.
        previous = elapsed >= 2 * rotateEveryMs ? null : current;
        current = crypto.randomBytes(32);
        rotatedAt = now();
      }
      return {
        current: keyUnder(current, sender, channel),
        previous: previous ? keyUnder(previous, sender, channel) : null,
      };
    },
  };
}

export type SenderKeys = ReturnType<ReturnType<typeof createSenderKeyer>["keysFor"]>;

/** Conversations by sender key; a conversation silent for 30 minutes is dropped. */
export class ConversationStore {
  private readonly conversations = new Map<string, SmsConversation>();

  constructor(private readonly maxConversations = 100_000) {}

  get(keys: SenderKeys, now: number): SmsConversation | null {
    this.dropExpired(now);
    const found =
      this.conversations.get(keys.current) ?? (keys.previous ? this.conversations.get(keys.previous) : undefined);
    return found && !isExpired(found, now) ? found : null;
  }

  set(keys: SenderKeys, state: SmsConversation | null) {
    if (keys.previous) this.conversations.delete(keys.previous);
    // Deleted first so that insertion order stays the order of last messages (dropExpired reads from the front).
    this.conversations.delete(keys.current);
    if (!state) return;
    if (this.conversations.size >= this.maxConversations) {
      const oldest = this.conversations.keys().next().value;
      if (oldest !== undefined) this.conversations.delete(oldest);
    }
    this.conversations.set(keys.current, state);
  }

  get size() {
    return this.conversations.size;
  }

  clear() {
    this.conversations.clear();
  }

  private dropExpired(now: number) {
    for (const [key, state] of this.conversations) {
      if (!isExpired(state, now)) break;
      this.conversations.delete(key);
    }
  }
}

/**
 * Answers to recent gateway message ids: a gateway that did not get our answer posts the same message again and
 * must get the same reply, and never a second tip. An answer still being made is shared (the promise).
 * Bounded in time and count (lru-cache); held in memory only, so per instance (ADR 027: the gateway goes to one
 * instance).
 */
export class RecentMessages<T> {
  /** The time of the call being answered: the cache reads it for its ttl, so the caller's `now` decides. */
  private clock = 0;
  private readonly answers: LRUCache<string, { answer: Promise<T> }>;

  constructor(ttlMs = 60 * 60 * 1000, maxIds = 10_000) {
    this.answers = new LRUCache({
      max: maxIds,
      ttl: ttlMs,
      // No caching of the clock between calls (it is ours, not the wall's); +1 because lru-cache reads a start
      // time of 0 as "no ttl".
      ttlResolution: 0,
      perf: { now: () => this.clock + 1 },
    });
  }

  /** The answer to an id seen in the last hour, or the one `make` gives now (forgotten again if it fails). */
  answer(id: string, now: number, make: () => Promise<T>): Promise<T> {
    this.clock = now;
    const known = this.answers.get(id);
    if (known) return known.answer;
    const answer = make();
    this.answers.set(id, { answer });
    // A failure (the database was down) is not an answer: the gateway's retry must be worked again.
    answer.catch(() => {
      if (this.answers.peek(id, { allowStale: true })?.answer === answer) this.answers.delete(id);
    });
    return answer;
  }

  /** Whether an answer for the id is remembered (being made, or made in the last hour). */
  has(id: string, now: number): boolean {
    this.clock = now;
    return this.answers.has(id);
  }

  clear() {
    this.answers.clear();
  }
}

/** Runs one sender's messages one after another, so two quick messages cannot both advance the same state. */
export class SenderQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * Messages per number: enough for a long report and a few restarts, not a flood. Counted under the current
 * and the previous key, so a rotation does not give a sender a fresh allowance.
 */
export class SenderMessageLimit {
  private readonly limiter: SlidingWindowLimiter;

  constructor(
    private readonly allowed = 100,
    windowMs = smsLimits.idleMs,
  ) {
    this.limiter = new SlidingWindowLimiter({ allowed, windowMs });
  }

  /** Records the message; false when the sender is over the limit. */
  take(keys: SenderKeys, now: number): boolean {
    const count = this.limiter.count(keys.current, now) + (keys.previous ? this.limiter.count(keys.previous, now) : 0);
    if (count >= this.allowed) return false;
    this.limiter.record(keys.current, now);
    return true;
  }

  clear() {
    this.limiter.clear();
  }
}
