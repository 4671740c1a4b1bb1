import http from "node:http";
import express from "express";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  canonicalPath,
  isAcceptableHost,
  isRefusedTarget,
  redirectToCanonicalPath,
} from "../../../server/canonical-path.mjs";

test.each([
  ["/", null],
  ["/ur", null],
  ["/ur/get-help", null],
  ["/staff/tips/abc123", null],
  ["/ur/%D8%A7", null],
  ["/ur/a%2Fb", null],
  ["/ur/", "/ur"],
  ["/ur/get-help/", "/ur/get-help"],
  ["//", "/"],
  ["/%75r", "/ur"],
  ["/u%72/report", "/ur/report"],
  ["/ur/%7e%2D%5f", "/ur/~-_"],
  ["/ur/%d8%a7", "/ur/%D8%A7"],
  ["/ur/a%2fb", "/ur/a%2Fb"],
  ["/ur//get-help", "/ur/get-help"],
  ["/ur/./get-help", "/ur/get-help"],
  ["/ur/../en", "/en"],
  ["/ur/%2e%2e/en", "/en"],
  ["/../../etc/passwd", "/etc/passwd"],
  // Routes match without regard to case: one spelling, lower case, except the hashed file names under /build.
  ["/UR/Report", "/ur/report"],
  ["/ur/MaNiFeSt.WebManifest", "/ur/manifest.webmanifest"],
  ["/SW.JS", "/sw.js"],
  ["/ur/A%d8%a7B", "/ur/a%D8%A7b"],
  ["/build/_assets/app-BT3J4WEX.css", null],
  ["/build//_assets/./app-BT3J4WEX.css", "/build/_assets/app-BT3J4WEX.css"],
  ["/staff/tips/0b8c6f7e-6d4f-4f5a-9a57-2b1e8c1d2e3f", null],
])("canonicalPath(%j) is %j", (path, expected) => {
  expect(canonicalPath(path)).toBe(expected);
});

test.each([
  // A browser reads `//host` and `/\\host` in a Location as another site: never produced.
  ["//evil.example/", "/evil.example"],
  ["///evil.example", "/evil.example"],
  ["/.//evil.example", "/evil.example"],
  ["/x/..//evil.example", "/evil.example"],
  ["/%2F%2Fevil.example/", "/%2F%2Fevil.example"],
  ["/%5Cevil.example/", "/%5Cevil.example"],
])("a redirect never names another site: %j goes to %j", (path, expected) => {
  const canonical = canonicalPath(path);
  expect(canonical).toBe(expected);
  expect(canonical).toMatch(/^\/(?![/\\])/);
  expect(new URL(canonical ?? "", "https://aagahi.example").origin).toBe("https://aagahi.example");
});

test.each(["ur/", "*", "http://other.example/ur/"])("%j is not a path: left to the app", (path) => {
  expect(canonicalPath(path)).toBeNull();
});

test.each(["/\\evil.example/", "/ur\\get-help", "/ur/get-help#x", "/ur/a b", "/ur/\t/", "/ur?q=a#b"])(
  "%j is a target no browser sends: refused",
  (path) => {
    expect(isRefusedTarget(path)).toBe(true);
  },
);

test.each([
  undefined,
  "localhost",
  "localhost:3000",
  "127.0.0.1:8080",
  "aagahi.example.pk",
  "aagahi.example.pk.",
  "[::1]:3000",
  "my_app:3000",
])("the Host %j is one a browser sends", (host) => expect(isAcceptableHost(host)).toBe(true));

// Remix reads a URL made of the Host and the path: each of these would change the path or the origin it sees.
test.each([
  "",
  "x/en/safety#",
  "x/en/safety?",
  "x#",
  "user@host",
  "a b",
  "host:port",
  "host:123456",
  "[::1",
  "h\\x",
  "h%2F",
])("the Host %j is refused: no browser sends it", (host) => expect(isAcceptableHost(host)).toBe(false));

let server;
let port = 0;
beforeAll(async () => {
  const app = express();
  app.use(redirectToCanonicalPath);
  app.all("*", (req, res) => res.type("text/plain").send(`${req.method} ${req.url}`));
  server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  port = server.address().port;
});
afterAll(() => new Promise((resolve) => server.close(() => resolve(undefined))));

/** @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, body: string }>} */
function send(method, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("a GET or HEAD for another spelling of a page is sent to its one address, the query string kept, not kept by the browser", async () => {
  for (const method of ["GET", "HEAD"]) {
    const answer = await send(method, "/en/report/sent/?t=sealed.link");
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe("/en/report/sent?t=sealed.link");
    expect(answer.headers["cache-control"]).toBe("no-store");
  }
});

test("a backslash or a fragment in the target is refused with 400, whatever the method; nothing goes on", async () => {
  for (const [method, path] of [
    ["GET", "/ur\\get-help"],
    ["GET", "/ur/get-help#top"],
    ["POST", "/ur\\report"],
  ]) {
    const answer = await send(method, path);
    expect(answer.status, path).toBe(400);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.body).not.toContain(method);
  }
});

test("a Host that could change the page Remix renders (x/en/safety#) is refused with 400 before anything runs", async () => {
  for (const method of ["GET", "POST"]) {
    const answer = await send(method, "/ur", { Host: "x/en/safety#" });
    expect(answer.status, method).toBe(400);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.body).not.toContain(method);
  }
});

test("a canonical address and every POST go on unchanged (a redirect would lose a form's answers)", async () => {
  expect(await send("GET", "/ur/get-help?x=/../")).toMatchObject({ status: 200, body: "GET /ur/get-help?x=/../" });
  expect(await send("POST", "/ur/report/")).toMatchObject({ status: 200, body: "POST /ur/report/" });
});
