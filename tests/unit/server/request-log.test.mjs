import { EventEmitter } from "node:events";
import { afterEach, expect, test, vi } from "vitest";

afterEach(() => {
  vi.useRealTimers();
});
import { batchedLineWriter, keptPageCounter, requestLogger, sanitizePath } from "../../../server/request-log.mjs";

test("a request line holds method, path, status and time, and nothing about the visitor", () => {
  const lines = [];
  const req = {
    method: "POST",
    originalUrl: "/ur/report?category=bonded_labour&secret=1",
    ip: "203.0.113.77",
    headers: {
      "user-agent": "DistinctiveAgent/9.9",
      referer: "https://referrer.example/page",
      "x-forwarded-for": "198.51.100.23",
    },
  };
  const res = Object.assign(new EventEmitter(), { statusCode: 303 });
  requestLogger((line) => lines.push(line))(req, res, () => {});
  res.emit("finish");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^POST \/ur\/report 303 \d+\.\dms$/);
  for (const secret of ["203.0.113.77", "DistinctiveAgent", "referrer.example", "198.51.100.23", "bonded_labour"]) {
    expect(lines[0]).not.toContain(secret);
  }
});

test.each([
  ["GET", "/en/report/sent?t=AVeryLongSealedReceiptLink_-0123456789", "/en/report/sent"],
  ["GET", "/ur/follow-up/case?t=AVeryLongSealedVisitLink_-0123456789&sent=1", "/ur/follow-up/case"],
  ["GET", "/ur/follow-up/case?t=AVeryLongSealedVisitLink_-0123456789#x", "/ur/follow-up/case"],
])(
  "a reporter's link in the query string never reaches the log (%s %s): it is a capability (ADR 019)",
  (method, url, path) => {
    const lines = [];
    // Behind Express the URL is `originalUrl`; on plain Node.js only `url`: neither may leak the token.
    for (const req of [
      { method, originalUrl: url, url },
      { method, url },
    ]) {
      const res = Object.assign(new EventEmitter(), { statusCode: 200 });
      requestLogger((line) => lines.push(line))(req, res, () => {});
      res.emit("finish");
    }
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.split(" ")[1]).toBe(path);
      expect(line).not.toContain("Sealed");
      expect(line).not.toContain("?");
    }
  },
);

test("control characters in a path cannot forge a new log line", () => {
  expect(sanitizePath("/ur\nGET /admin 200")).toBe("/ur\\x0aGET /admin 200");
});

test("log lines written in one turn of the event loop go out in one write, in order", async () => {
  /** @type {string[]} */
  const writes = [];
  const log = batchedLineWriter((text) => writes.push(text));
  log.line("GET /ur 200 0.1ms");
  log.line("GET /en 200 0.1ms");
  expect(writes).toEqual([]);
  await new Promise((resolve) => setImmediate(resolve));
  expect(writes).toEqual(["GET /ur 200 0.1ms\nGET /en 200 0.1ms\n"]);
  log.line("GET /ur/law 200 0.1ms");
  log.flush();
  expect(writes.at(-1)).toBe("GET /ur/law 200 0.1ms\n");
});

test("a large backlog is written at once rather than held", () => {
  /** @type {string[]} */
  const writes = [];
  const log = batchedLineWriter((text) => writes.push(text), { maxPendingBytes: 30 });
  log.line("GET /ur 200 0.1ms");
  expect(writes).toHaveLength(0);
  log.line("GET /en 200 0.1ms");
  expect(writes).toHaveLength(1);
});

test("kept pages are counted per page, method and status, one line each a minute, with no time of any reading", () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  /** @type {string[]} */
  const lines = [];
  const kept = keptPageCounter((line) => lines.push(line));
  for (let i = 0; i < 5; i++) kept.count({ method: "GET", url: "/ur" }, 200);
  kept.count({ method: "GET", url: "/ur" }, 304);
  kept.count({ method: "HEAD", url: "/en/law" }, 200);
  kept.count({ method: "GET", url: "/en/law" }, 200);
  expect(lines).toEqual([]);
  vi.advanceTimersByTime(59_999);
  expect(lines).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(lines).toEqual([
    "GET /ur 200 ×5 kept in 60 s",
    "GET /ur 304 ×1 kept in 60 s",
    "GET /en/law 200 ×1 kept in 60 s",
    "HEAD /en/law 200 ×1 kept in 60 s",
  ]);
  // A quiet minute writes nothing; the next answer starts a new minute.
  vi.advanceTimersByTime(120_000);
  expect(lines).toHaveLength(4);
  kept.count({ method: "GET", url: "/ur\nGET /forged 200" }, 200);
  // Stopped after 20 s: the line says so.
  vi.advanceTimersByTime(20_000);
  kept.flush();
  expect(lines.at(-1)).toBe("GET /ur\\x0aGET /forged 200 200 ×1 kept in 20 s");
  expect(lines).toHaveLength(5);
});
