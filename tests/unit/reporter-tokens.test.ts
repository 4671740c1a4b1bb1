// The short-lived links a reporter holds (issue 10, items 8 and 9; docs/decisions/016): the receipt page closes
// 2 minutes after sending or at "I have saved my code", and one receipt keeps at most 3 follow-up visits open.
import "../setup/database";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { getDb } from "~/utils/db.server";
import { action as reportAction } from "~/routes/$lang.report";
import { action as sentAction, loader as sentLoader } from "~/routes/$lang.report_.sent";
import { action as followUpAction } from "~/routes/$lang.follow-up";
import { followUpTokens, followUpVisitsPerTip, receiptDisplayTokens } from "~/utils/tokens.server";
import { seedDirectory } from "../../prisma/seed";

const origin = "http://aagahi.test";
const post = (path: string, form: Record<string, string>) => new Request(`${origin}${path}`, { method: "POST", body: new URLSearchParams(form) });
const tokenOf = (response: Response) => new URL(response.headers.get("Location")!, origin).searchParams.get("t")!;

beforeAll(async () => {
  await seedDirectory(await getDb());
});

afterEach(() => {
  vi.useRealTimers();
});

async function sendReport(lang: "ur" | "en") {
  const response = (await reportAction({
    request: post(`/${lang}/report`, { category: "other", description: "RECEIPT-PAGE-7710 a girl is kept in a house", province: "kp", website: "" }),
    params: { lang },
    context: { clientKey: `receipt-page-${Math.random()}` },
  } as never)) as Response;
  expect(response.status).toBe(302);
  return tokenOf(response);
}

const openSent = async (lang: "ur" | "en", query: string) =>
  (await sentLoader({ request: new Request(`${origin}/${lang}/report/sent?${query}`), params: { lang }, context: {} } as never)) as {
    sent: { receipt: string } | null;
    saved: boolean;
    token: string | null;
  };

describe("the receipt page (item 8)", () => {
  test("opens from the phone's history for 2 minutes after sending, then never again", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-02T15:00:00Z") });
    const token = await sendReport("en");
    vi.setSystemTime(new Date("2026-12-02T15:01:59Z"));
    expect((await openSent("en", `t=${token}`)).sent?.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    vi.setSystemTime(new Date("2026-12-02T15:02:00Z"));
    expect((await openSent("en", `t=${token}`)).sent).toBeNull();
  });

  test.each(["ur", "en"] as const)("in %s, \"I have saved my code\" closes it at once, and Back shows it closed", async (lang) => {
    const token = await sendReport(lang);
    const page = await openSent(lang, `t=${token}`);
    expect(page.sent).not.toBeNull();
    expect(page.token).toBe(token);

    const saved = (await sentAction({ request: post(`/${lang}/report/sent`, { t: token, intent: "saved" }), params: { lang }, context: {} } as never)) as Response;
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`/${lang}/report/sent?saved=1`);
    expect(saved.headers.get("Cache-Control")).toBe("no-store");
    expect(await openSent(lang, "saved=1")).toMatchObject({ sent: null, saved: true });
    expect(receiptDisplayTokens.peek(token)).toBeNull();
    expect((await openSent(lang, `t=${token}`)).sent).toBeNull();
  });

  test("a post without the saved intent is a 400 and ends nothing", async () => {
    const token = await sendReport("en");
    const refused = await sentAction({ request: post("/en/report/sent", { t: token }), params: { lang: "en" }, context: {} } as never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
    expect(receiptDisplayTokens.peek(token)).not.toBeNull();
  });
});

describe("follow-up visits per receipt (item 9)", () => {
  async function receiptFor(lang: "en") {
    const token = await sendReport(lang);
    return receiptDisplayTokens.peek(token)!.receipt;
  }

  async function signIn(receipt: string) {
    const response = (await followUpAction({ request: post("/en/follow-up", { receipt }), params: { lang: "en" }, context: { clientKey: "one-phone" } } as never)) as Response;
    expect(response.status).toBe(302);
    return tokenOf(response);
  }

  test("signing in many times with one receipt leaves at most 3 visits open, the newest ones, and another reporter's visit stays open", async () => {
    const other = await signIn(await receiptFor("en"));
    const receipt = await receiptFor("en");
    const minted = [];
    for (let i = 0; i < 25; i++) minted.push(await signIn(receipt));
    const live = minted.filter((token) => followUpTokens.peek(token) !== null);
    expect(followUpVisitsPerTip).toBe(3);
    expect(live).toEqual(minted.slice(-3));
    expect(followUpTokens.peek(other)).not.toBeNull();
  });
});
