// Pages are rendered to a string (docs/decisions/038), which never writes Remix's data for the browser: a page
// that asked to hydrate would load a script with nothing to hydrate from. It fails at once instead.
import { expect, test } from "vitest";
import handleRequest from "~/entry.server";

test("a page whose route asks to hydrate is refused before anything is rendered", () => {
  const context = {
    staticHandlerContext: { matches: [{ route: { id: "root" } }, { route: { id: "routes/probe" } }], loaderData: {} },
    routeModules: { root: {}, "routes/probe": { handle: { hydrate: true } } },
  };
  expect(() =>
    handleRequest(new Request("http://aagahi.test/en/probe"), 200, new Headers(), context as never, {} as never),
  ).toThrow(/asks to hydrate.*038/);
});
