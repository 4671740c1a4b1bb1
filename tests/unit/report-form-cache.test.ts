// The empty report form is `no-store` like every other report page (docs/threat-model.md, P8): on a shared
// phone, a kept copy is a trace that someone meant to report. Its loader and its route headers say so.
import "../setup/database";
import { beforeAll, expect, test } from "vitest";
import { headers, loader } from "~/routes/$lang.report/route";
import { getDb } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";

beforeAll(async () => {
  await seedDirectory(await getDb());
});

test.each(["/ur/report", "/en/report?category=bonded_labour"])(
  "the empty form at %s is sent no-store",
  async (path) => {
    const lang = path.slice(1, 3);
    const answer = (await loader({
      request: new Request(`http://aagahi.test${path}`),
      params: { lang },
      context: {},
    } as never)) as unknown as {
      init: ResponseInit | null;
    };
    expect(new Headers(answer.init?.headers).get("Cache-Control")).toBe("no-store");
    const none = new Headers();
    const routeHeaders = new Headers(
      headers({
        loaderHeaders: new Headers({ "Cache-Control": "no-store" }),
        actionHeaders: none,
        parentHeaders: none,
        errorHeaders: undefined,
      }) as HeadersInit,
    );
    expect(routeHeaders.get("Cache-Control")).toBe("no-store");
    expect(routeHeaders.get("ETag")).toBeNull();
  },
);
