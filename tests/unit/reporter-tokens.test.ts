// The short-lived links a reporter holds (issue 10, items 8 and 9; docs/decisions/016 and 019): the receipt page
// closes 2 minutes after sending or at "I have saved my code"; a follow-up visit idles out after 20 minutes,
// slides while used, and "leave" ends it.
import "../setup/database";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { getDb } from "~/server/db.server";
import { action as reportAction } from "~/routes/$lang.report/route";
import { action as sentAction, loader as sentLoader } from "~/routes/$lang.report_.sent";
import { action as followUpAction } from "~/routes/$lang.follow-up";
import { action as caseAction, loader as caseLoader } from "~/routes/$lang.follow-up_.case/route";
import { followUpTokens, receiptDisplayTokens } from "~/server/tokens.server";
import { seedDirectory } from "../../prisma/seed";

const origin = "http://aagahi.test";
const post = (path: string, form: Record<string, string>) =>
  new Request(`${origin}${path}`, { method: "POST", body: new URLSearchParams(form) });
const tokenOf = (response: Response) => new URL(response.headers.get("Location")!, origin).searchParams.get("t")!;

beforeAll(async () => {
  await seedDirectory(await getDb());
});

afterEach(() => {
  vi.useRealTimers();
});

async function sendReport(lang: "ur" | "en") {
  const response = (await reportAction({
    request: post(`/${lang}/report`, {
      category: "other",
      description: "RECEIPT-PAGE-7710 a girl is kept in a house",
      province: "kp",
      website: "",
    }),
    params: { lang },
    context: { clientKey: `receipt-page-${Math.random()}` },
  } as never)) as Response;
  expect(response.status).toBe(302);
  return tokenOf(response);
}

const openSent = async (lang: "ur" | "en", query: string) =>
  (await sentLoader({
    request: new Request(`${origin}/${lang}/report/sent?${query}`),
    params: { lang },
    context: {},
  } as never)) as {
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

  test.each(["ur", "en"] as const)(
    'in %s, "I have saved my code" closes it at once, and Back shows it closed',
    async (lang) => {
      const token = await sendReport(lang);
      const page = await openSent(lang, `t=${token}`);
      expect(page.sent).not.toBeNull();
      expect(page.token).toBe(token);
      // The page reads its link without sealing a renewal: the same value as opening it.
      const db = await getDb();
      expect(await receiptDisplayTokens.read(db, token)).toEqual((await receiptDisplayTokens.open(db, token))?.value);

      const saved = (await sentAction({
        request: post(`/${lang}/report/sent`, { t: token, intent: "saved" }),
        params: { lang },
        context: {},
      } as never)) as Response;
      expect(saved.status).toBe(302);
      expect(saved.headers.get("Location")).toBe(`/${lang}/report/sent?saved=1`);
      expect(saved.headers.get("Cache-Control")).toBe("no-store");
      expect(await openSent(lang, "saved=1")).toMatchObject({ sent: null, saved: true });
      expect(await receiptDisplayTokens.open(db, token)).toBeNull();
      expect(await receiptDisplayTokens.read(db, token)).toBeNull();
      expect((await openSent(lang, `t=${token}`)).sent).toBeNull();
    },
  );

  test("a post without the saved intent is a 400 and ends nothing", async () => {
    const token = await sendReport("en");
    const refused = await sentAction({
      request: post("/en/report/sent", { t: token }),
      params: { lang: "en" },
      context: {},
    } as never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(400);
    expect(await receiptDisplayTokens.open(await getDb(), token)).not.toBeNull();
  });
});

describe("follow-up visits", () => {
  async function receiptFor(lang: "en") {
    const token = await sendReport(lang);
    return (await receiptDisplayTokens.open(await getDb(), token))!.value.receipt;
  }

  async function signIn(receipt: string) {
    const response = (await followUpAction({
      request: post("/en/follow-up", { receipt }),
      params: { lang: "en" },
      context: { clientKey: "one-phone" },
    } as never)) as Response;
    expect(response.status).toBe(302);
    return tokenOf(response);
  }

  const openCase = async (token: string) => {
    try {
      return (await caseLoader({
        request: new Request(`${origin}/en/follow-up/case?t=${token}`),
        params: { lang: "en" },
        context: {},
      } as never)) as {
        view: { reference: string } | null;
        token: string | null;
      };
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };

  test("a visit idles out after 20 minutes, and each page it shows carries a link renewed for 20 more", async () => {
    const db = await getDb();
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-02T15:00:00Z") });
    const first = await signIn(await receiptFor("en"));
    const page = (await openCase(first)) as { view: unknown; token: string };
    expect(page.view).not.toBeNull();
    expect(page.token).not.toBe(first);
    vi.setSystemTime(new Date("2026-12-02T15:19:59Z"));
    // A reply at 15:19:59 with the page's link renews the visit to 15:39:59.
    const replied = (await caseAction({
      request: post("/en/follow-up/case", { t: page.token, intent: "reply", message: "Still here." }),
      params: { lang: "en" },
      context: {},
    } as never)) as Response;
    expect(replied.headers.get("Location")).toMatch(/^\/en\/follow-up\/case\?t=[\w-]+&sent=1$/);
    const afterReply = tokenOf(replied);
    vi.setSystemTime(new Date("2026-12-02T15:20:00Z"));
    expect(((await openCase(first)) as { view: unknown }).view, "the first link, idle 20 minutes").toBeNull();
    expect(((await openCase(afterReply)) as { view: unknown }).view).not.toBeNull();
    vi.setSystemTime(new Date("2026-12-02T15:39:58Z"));
    expect(await followUpTokens.open(db, afterReply)).not.toBeNull();
    vi.setSystemTime(new Date("2026-12-02T15:39:59Z"));
    expect(await followUpTokens.open(db, afterReply)).toBeNull();
    expect(((await openCase(afterReply)) as { view: unknown }).view).toBeNull();
  });

  test("a reload of an address older than a minute is sent to a renewed one, so reloading alone keeps the visit", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-02T15:00:00Z") });
    let address = await signIn(await receiptFor("en"));
    for (const minute of [15, 30, 45, 60]) {
      vi.setSystemTime(new Date(Date.UTC(2026, 11, 2, 15, minute)));
      const reloaded = await openCase(address);
      expect(reloaded).toBeInstanceOf(Response);
      expect((reloaded as Response).status).toBe(302);
      address = tokenOf(reloaded as Response);
      expect(((await openCase(address)) as { view: unknown }).view, `at 15:${minute}`).not.toBeNull();
    }
    vi.setSystemTime(new Date("2026-12-02T16:20:00Z"));
    expect(((await openCase(address)) as { view: unknown }).view).toBeNull();
  });

  test('"leave" ends the visit and every link renewed from it, and no other visit', async () => {
    const receipt = await receiptFor("en");
    const other = await signIn(receipt);
    const mine = await signIn(receipt);
    const renewed = ((await openCase(mine)) as { token: string }).token;
    const left = (await caseAction({
      request: post("/en/follow-up/case", { t: renewed, intent: "end" }),
      params: { lang: "en" },
      context: {},
    } as never)) as Response;
    expect(left.headers.get("Location")).toBe("/en/follow-up?ended=1");
    expect(((await openCase(mine)) as { view: unknown }).view).toBeNull();
    expect(((await openCase(renewed)) as { view: unknown }).view).toBeNull();
    expect(((await openCase(other)) as { view: unknown }).view).not.toBeNull();
  });

  test("signing in many times with one receipt stores nothing per visit, and another reporter's visit stays open", async () => {
    const db = await getDb();
    const other = await signIn(await receiptFor("en"));
    const receipt = await receiptFor("en");
    const before = await db.endedReporterLink.count();
    const minted = [];
    for (let i = 0; i < 25; i++) minted.push(await signIn(receipt));
    expect(new Set(minted).size).toBe(25);
    for (const token of minted) expect((await followUpTokens.open(db, token))?.value.tipId).toBeTruthy();
    expect(await db.endedReporterLink.count()).toBe(before);
    expect(await followUpTokens.open(db, other)).not.toBeNull();
  });
});
