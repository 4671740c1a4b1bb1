import { expect, test } from "vitest";
import { loader as indexLoader } from "~/routes/_index";
import { loader as articleLoader } from "~/routes/$lang.$article";
import { action as jobCheckAction } from "~/routes/$lang.job-check._index";
import { loader as jobCheckResultLoader } from "~/routes/$lang.job-check.result";

const origin = "http://aagahi.test";

function args(path: string, params: Record<string, string>, init?: RequestInit) {
  return { request: new Request(`${origin}${path}`, init), params, context: {} };
}

async function thrownResponse(run: () => unknown): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

test.each([
  [undefined, "/ur"],
  ["ur-PK,ur;q=0.9", "/ur"],
  ["en-GB,en;q=0.9", "/en"],
  ["de-DE", "/ur"],
])("a first visit with Accept-Language %j goes to %s", (acceptLanguage, location) => {
  const headers = acceptLanguage ? { "Accept-Language": acceptLanguage } : undefined;
  const response = indexLoader(args("/", {}, { headers }) as never);
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(location);
  expect(response.headers.get("Vary")).toBe("Accept-Language");
});

test("an article loader returns the page's title in the requested language", async () => {
  // An information page reads no helplines (topic pages do: tests/unit/directory.test.ts).
  const data = await articleLoader(args("/en/law", { lang: "en", article: "law" }) as never);
  expect(data.lang).toBe("en");
  expect(data.page.kind).toBe("info");
  expect(data.title).toMatch(/law/i);
  expect(data.shareUrl).toBe(`${origin}/en/law`);
  expect(data.helplines).toEqual([]);
});

test("an unknown article or language is a 404", async () => {
  const unknownArticle = await thrownResponse(() =>
    articleLoader(args("/ur/nothing", { lang: "ur", article: "nothing" }) as never),
  );
  expect(unknownArticle.status).toBe(404);
  const unknownLanguage = await thrownResponse(() =>
    articleLoader(args("/fr/law", { lang: "fr", article: "law" }) as never),
  );
  expect(unknownLanguage.status).toBe(404);
});

const completeAnswers = {
  under18: "no",
  fee: "without_receipt",
  passport: "agent_or_employer",
  visa: "visit",
  contract: "no",
  channel: "phone_or_social_media",
  jobType: "salon_dancer_hostess",
  pay: "much_higher",
  advance: "no",
  marriage: "no",
};

test("a complete job check redirects to its result page (POST, redirect, GET)", async () => {
  const body = new URLSearchParams(completeAnswers);
  const response = (await jobCheckAction(
    args("/ur/job-check", { lang: "ur" }, { method: "POST", body }) as never,
  )) as Response;
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("Location")!, origin);
  expect(location.pathname).toBe("/ur/job-check/result");
  const result = jobCheckResultLoader(args(`${location.pathname}${location.search}`, { lang: "ur" }) as never);
  expect(result.result.risk).toBe("high");
  expect(result.result.flags.map((flag) => flag.id)).toContain("passport_held");
});

test("an incomplete job check answers 400 with an error per missing question and keeps the answers", async () => {
  const body = new URLSearchParams({ fee: "none", visa: "bogus" });
  const response = (await jobCheckAction(args("/en/job-check", { lang: "en" }, { method: "POST", body }) as never)) as {
    type: string;
    init: { status: number };
    data: { fieldErrors: Record<string, string>; values: Record<string, string> };
  };
  expect(response.init.status).toBe(400);
  expect(Object.keys(response.data.fieldErrors)).toEqual([
    "under18",
    "passport",
    "visa",
    "contract",
    "channel",
    "jobType",
    "pay",
    "advance",
    "marriage",
  ]);
  expect(response.data.values.fee).toBe("none");
});

test("a result address with missing answers goes back to the questions", async () => {
  const response = await thrownResponse(() =>
    jobCheckResultLoader(args("/en/job-check/result?fee=none", { lang: "en" }) as never),
  );
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/en/job-check");
});
