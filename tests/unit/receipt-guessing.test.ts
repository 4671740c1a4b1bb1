// Issue 10, item 5 (the reporter's part; docs/decisions/012 and 016): behind a reverse proxy or an onion service
// every reporter arrives with one connection key, so the receipt-guessing limits are configuration.
import { testEngine } from "../setup/database";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ConfigurationError, parseEnv } from "~/server/env.server";
import { receiptGuessingFrom, receiptLookupDelayMs } from "~/server/rate-limit.server";

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv({ NODE_ENV: "development", ...source });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe("the limits come from configuration", () => {
  test("the defaults are the ones in docs/decisions/012: 3 free, refused after 30, 8 s at most", () => {
    const guessing = receiptGuessingFrom(parseEnv({ NODE_ENV: "development" }));
    expect(guessing).toEqual({ freeFailures: 3, allowed: 30, maxWaitMs: 8_000 });
    expect([2, 3, 5, 40].map((failures) => receiptLookupDelayMs(failures, guessing))).toEqual([0, 500, 2_000, 8_000]);
  });

  test("a proxy setting lets hundreds of wrong codes through without a wait, and caps the wait", () => {
    const guessing = receiptGuessingFrom(
      parseEnv({
        NODE_ENV: "development",
        WRONG_RECEIPTS_BEFORE_WAIT: "1000",
        WRONG_RECEIPTS_BEFORE_REFUSAL: "10000",
        WRONG_RECEIPT_MAX_WAIT_SECONDS: "1",
      }),
    );
    expect(guessing).toEqual({ freeFailures: 1_000, allowed: 10_000, maxWaitMs: 1_000 });
    expect(receiptLookupDelayMs(999, guessing)).toBe(0);
    expect(receiptLookupDelayMs(1_000, guessing)).toBe(500);
    expect(receiptLookupDelayMs(9_999, guessing)).toBe(1_000);
    expect(
      receiptLookupDelayMs(
        50,
        receiptGuessingFrom(parseEnv({ NODE_ENV: "development", WRONG_RECEIPT_MAX_WAIT_SECONDS: "0" })),
      ),
    ).toBe(0);
  });

  test.each([
    [{ WRONG_RECEIPTS_BEFORE_WAIT: "many" }, "WRONG_RECEIPTS_BEFORE_WAIT: must be a whole number of wrong codes"],
    [{ WRONG_RECEIPTS_BEFORE_REFUSAL: "0" }, "WRONG_RECEIPTS_BEFORE_REFUSAL: must be from 1 to 100000"],
    [{ WRONG_RECEIPTS_BEFORE_REFUSAL: "200000" }, "WRONG_RECEIPTS_BEFORE_REFUSAL: must be from 1 to 100000"],
    [{ WRONG_RECEIPT_MAX_WAIT_SECONDS: "61" }, "WRONG_RECEIPT_MAX_WAIT_SECONDS: must be from 0 to 60"],
    [
      { WRONG_RECEIPTS_BEFORE_WAIT: "50", WRONG_RECEIPTS_BEFORE_REFUSAL: "40" },
      "WRONG_RECEIPTS_BEFORE_WAIT: must not be more than WRONG_RECEIPTS_BEFORE_REFUSAL",
    ],
  ])("%o stops the start with a message naming the variable", (source, message) => {
    expect(problemsOf(source)).toContain(message);
  });
});

describe("the follow-up page reads them", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.resetModules();
    vi.useRealTimers();
  });

  /** A fresh copy of the app with this environment (the limits are read once, at start). */
  async function appWith(env: Record<string, string>) {
    Object.assign(process.env, env);
    vi.resetModules();
    const [
      { action },
      limits,
      { seedDirectory },
      { getDb },
      { createTip },
      { routeTip },
      { tipSchema },
      { routingTableData },
    ] = await Promise.all([
      import("~/routes/$lang.follow-up"),
      import("~/server/rate-limit.server"),
      import("../../prisma/seed"),
      import("~/server/db.server"),
      import("~/models/tip.server"),
      import("~/domain/routing"),
      import("~/domain/tip"),
      import("~/domain/reference-data"),
    ]);
    const db = await getDb();
    await seedDirectory(db);
    const tip = tipSchema.parse({ category: "other", description: "A neighbour's maid is never let out." });
    const { receipt } = await createTip(db, tip, routeTip(tip, routingTableData), "api");
    return { action, limiter: limits.receiptFailureLimiter, receipt };
  }

  /**
   * Posts a receipt and returns the status and how long the answer was held. On SQLite setTimeout is under the
   * test's control (the wait passes at once); on PostgreSQL the wait is real: a fake clock would also fake the
   * pg pool's timers, and real network I/O does not advance it, so the held time would count I/O as waiting.
   */
  async function followUpTimed(action: (args: never) => Promise<unknown>, receipt: string, clientKey: string) {
    const post = () =>
      action({
        request: new Request("http://aagahi.test/en/follow-up", {
          method: "POST",
          body: new URLSearchParams({ receipt }),
        }),
        params: { lang: "en" },
        context: { clientKey },
      } as never);
    const statusOf = (result: unknown) =>
      result instanceof Response ? result.status : (result as { init: { status: number } }).init.status;
    if (testEngine === "postgresql") {
      const started = performance.now();
      const result = await post();
      return { status: statusOf(result), heldMs: performance.now() - started };
    }
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    let settled = false;
    const pending = post().finally(() => {
      settled = true;
    });
    let heldMs = 0;
    while (!settled && heldMs < 20_000) {
      await vi.advanceTimersByTimeAsync(250);
      heldMs += 250;
    }
    const result = await pending;
    vi.useRealTimers();
    return { status: statusOf(result), heldMs };
  }

  test("behind a proxy (one shared key), 500 recent wrong codes do not slow the next reporter's right code", async () => {
    const { action, limiter, receipt } = await appWith({
      WRONG_RECEIPTS_BEFORE_WAIT: "1000",
      WRONG_RECEIPTS_BEFORE_REFUSAL: "10000",
    });
    for (let i = 0; i < 500; i++) limiter.record("the-proxy");
    const { status, heldMs } = await followUpTimed(action, receipt, "the-proxy");
    expect(status).toBe(302);
    expect(heldMs).toBeLessThanOrEqual(250);
  });

  // On PostgreSQL this waits the real 8 s.
  test(
    "with the defaults the same shared key makes the right code wait the longest time, and still get in",
    { timeout: 30_000 },
    async () => {
      const { action, limiter, receipt } = await appWith({});
      for (let i = 0; i < 500; i++) limiter.record("the-proxy");
      const { status, heldMs } = await followUpTimed(action, receipt, "the-proxy");
      expect(status).toBe(302);
      expect(heldMs).toBeGreaterThanOrEqual(8_000);
    },
  );
});
