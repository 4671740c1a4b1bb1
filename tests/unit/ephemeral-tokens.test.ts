import { describe, expect, test } from "vitest";
import { EphemeralTokenStore } from "~/utils/ephemeral-tokens.server";
import { receiptLookupDelayMs, SlidingWindowLimiter } from "~/utils/rate-limit.server";

test("a token gives its value until it expires, and use extends its life", () => {
  const store = new EphemeralTokenStore<string>(1000);
  const token = store.issue("tip-1", 0);
  expect(token).toMatch(/^[\w-]{32}$/);
  expect(store.use(token, 900)).toBe("tip-1");
  expect(store.use(token, 1800)).toBe("tip-1");
  expect(store.use(token, 2801)).toBeNull();
});

test("peek does not extend a token's life", () => {
  const store = new EphemeralTokenStore<string>(1000);
  const token = store.issue("receipt", 0);
  expect(store.peek(token, 999)).toBe("receipt");
  expect(store.peek(token, 1000)).toBeNull();
});

test("revoked, unknown and empty tokens give nothing", () => {
  const store = new EphemeralTokenStore<string>(1000);
  const token = store.issue("x", 0);
  store.revoke(token);
  expect(store.use(token, 1)).toBeNull();
  expect(store.use("made-up", 1)).toBeNull();
  expect(store.use(null, 1)).toBeNull();
});

test("the store never grows past its limit", () => {
  const store = new EphemeralTokenStore<number>(60_000, 3);
  const tokens = [1, 2, 3, 4].map((n) => store.issue(n, 0));
  expect(store.peek(tokens[0], 1)).toBeNull();
  expect(store.peek(tokens[3], 1)).toBe(4);
});

test("the sliding window forgets events older than the window", () => {
  const limiter = new SlidingWindowLimiter({ allowed: 2, windowMs: 1000 });
  limiter.record("k", 0);
  limiter.record("k", 500);
  expect(limiter.isOverLimit("k", 600)).toBe(true);
  expect(limiter.retryAfterSeconds("k", 600)).toBe(1);
  expect(limiter.isOverLimit("k", 1001)).toBe(false);
  expect(limiter.isOverLimit("other", 600)).toBe(false);
});

test.each([
  [0, 0],
  [2, 0],
  [3, 500],
  [4, 1000],
  [6, 4000],
  [20, 8000],
])("after %i wrong receipts the next lookup waits %i ms", (failures, delay) => {
  expect(receiptLookupDelayMs(failures)).toBe(delay);
});

test("expired tokens are dropped by a sweep at most once a second, so a burst of issues stays linear", () => {
  const store = new EphemeralTokenStore<number>(100);
  for (let n = 0; n < 5; n++) store.issue(n, 2_000);
  expect(store.size).toBe(5);
  store.issue(5, 2_500); // the first five have expired, but the last sweep was under a second ago
  expect(store.size).toBe(6);
  store.issue(6, 3_001); // a second later: everything expired is gone
  expect(store.size).toBe(1);
});

test("a full store drops expired tokens before it evicts a live one, even between sweeps", () => {
  const store = new EphemeralTokenStore<number>(100, 3);
  const live = store.issue(1, 5_000); // sweeps at 5,000
  store.issue(2, 4_950); // already expired at 5,050
  store.issue(3, 4_950);
  store.issue(4, 5_050); // full, under a second since the last sweep: the expired two go, the live one stays
  expect(store.peek(live, 5_050)).toBe(1);
});

describe("a cap of live tokens per group (follow-up visits per tip, issue 10 item 9)", () => {
  const capped = (maxEntries = 10_000) =>
    new EphemeralTokenStore<{ tipId: string }>(1000, maxEntries, { groupOf: (visit) => visit.tipId, max: 3 });

  test("a group keeps at most its cap of live tokens: a new one ends the oldest", () => {
    const store = capped();
    const tokens = [0, 1, 2, 3, 4].map((n) => store.issue({ tipId: "a" }, n));
    expect(tokens.map((token) => store.peek(token, 5) !== null)).toEqual([false, false, true, true, true]);
    expect(store.size).toBe(3);
  });

  test("expired and revoked tokens do not count against the cap", () => {
    const store = capped();
    const first = store.issue({ tipId: "a" }, 0);
    const second = store.issue({ tipId: "a" }, 0);
    store.revoke(second);
    const third = store.issue({ tipId: "a" }, 900);
    const fourth = store.issue({ tipId: "a" }, 1_500); // the first two are gone, so nothing live is ended
    expect(store.peek(first, 1_500)).toBeNull();
    expect(store.peek(third, 1_500)).toEqual({ tipId: "a" });
    expect(store.peek(fourth, 1_500)).toEqual({ tipId: "a" });
  });

  test("minting many tokens for one group never evicts another group's token from a full store", () => {
    const store = capped(10);
    const other = store.issue({ tipId: "someone-else" }, 0);
    const minted = Array.from({ length: 1_000 }, (_, n) => store.issue({ tipId: "flood" }, n));
    expect(store.peek(other, 999)).toEqual({ tipId: "someone-else" });
    expect(minted.filter((token) => store.peek(token, 999) !== null)).toHaveLength(3);
    expect(store.size).toBeLessThanOrEqual(4);
  });
});
