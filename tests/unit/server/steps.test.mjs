import http from "node:http";
import { afterEach, expect, test, vi } from "vitest";
import { answerPlainText, pathOf, runInTurn } from "../../../server/steps.mjs";

/** @type {http.Server | undefined} */
let server;
afterEach(() => new Promise((resolve) => (server ? server.close(() => resolve(undefined)) : resolve(undefined))));

/** Serves `handler` on a free loopback port and sends one request. */
async function answerOf(handler, method = "GET", path = "/ur") {
  server = http.createServer(handler);
  await new Promise((resolve) => server?.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: address.port, method, path }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, message: res.statusMessage, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("steps run in order until one answers", async () => {
  const seen = [];
  const answer = await answerOf(
    runInTurn([
      (_req, _res, next) => {
        seen.push("first");
        next();
      },
      (req, res) => {
        seen.push("second");
        answerPlainText(res, 200, `at ${pathOf(req)}`);
      },
      () => seen.push("never"),
    ]),
    "GET",
    "/ur/report?x=1",
  );
  expect(seen).toEqual(["first", "second"]);
  expect(answer).toMatchObject({ status: 200, body: "at /ur/report" });
});

test("a step that throws, or passes an error on, fails its request with a plain 500 and no stack; the server lives", async () => {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    for (const failing of [
      () => {
        throw new Error("secret detail");
      },
      (_req, _res, next) => next(new Error("secret detail")),
    ]) {
      const answer = await answerOf(
        runInTurn([
          (_req, res, next) => {
            // A half-made answer: its status text must not go out with the 500.
            res.statusMessage = "Found";
            res.setHeader("Cache-Control", "no-store");
            next();
          },
          failing,
        ]),
      );
      expect(answer.status).toBe(500);
      expect(answer.message).toBe("Internal Server Error");
      expect(answer.body).toBe("Internal Server Error");
      expect(answer.body).not.toContain("secret");
      expect(answer.headers["cache-control"]).toBe("no-store");
      await new Promise((resolve) => server?.close(() => resolve(undefined)));
      server = undefined;
    }
    // Logged for whoever runs the server (a 5xx), without anything of the request.
    expect(logged).toHaveBeenCalledTimes(2);
    expect(String(logged.mock.calls[0]?.[0])).toContain("secret detail");
  } finally {
    logged.mockRestore();
  }
});

test("an error with a 4xx status is answered with it and not logged", async () => {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const answer = await answerOf(
      runInTurn([(_req, _res, next) => next(Object.assign(new Error("no"), { status: 416 }))]),
      "HEAD",
    );
    expect(answer.status).toBe(416);
    expect(answer.body).toBe("");
    expect(logged).not.toHaveBeenCalled();
  } finally {
    logged.mockRestore();
  }
});

test("a request no step answers is a 404", async () => {
  expect(await answerOf(runInTurn([(_req, _res, next) => next()]))).toMatchObject({ status: 404, body: "Not Found" });
});
