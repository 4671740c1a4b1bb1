import crypto from "node:crypto";
import http from "node:http";
import { createReadableStreamFromReadable } from "@remix-run/node";
import express from "express";
import { expect, test } from "vitest";
import {
  isCrossSiteRequest,
  limitRequestBodies,
  uploadBodyBytes,
  uploadStreamLimit,
} from "../../../server/same-origin.mjs";

test.each([
  [{}, false, "a request with no browser headers (curl, a partner's server)"],
  [{ origin: "http://aagahi.test" }, false, "our own origin"],
  [{ origin: "null", "sec-fetch-site": "same-origin" }, false, "our own form under no-referrer"],
  [{ origin: "null" }, false, "an old browser under no-referrer (SameSite cookies still apply)"],
  [{ "sec-fetch-site": "none" }, false, "typed into the address bar"],
  [{ origin: "https://evil.example" }, true, "another origin"],
  [{ origin: "http://aagahi.test.evil.example" }, true, "a look-alike origin"],
  [{ origin: "null", "sec-fetch-site": "cross-site" }, true, "a cross-site form under no-referrer"],
  [{ "sec-fetch-site": "same-site" }, true, "a sibling subdomain"],
  [{ origin: "not a url" }, true, "a malformed origin"],
])("%j is cross-site: %s (%s)", (headers, expected) => {
  expect(isCrossSiteRequest(headers, "aagahi.test")).toBe(expected);
});

/** A server with the body limit in front of a route that reads the body the way Remix does, as a web stream. */
async function limitedServer(limit) {
  const seen = { requests: 0, bytes: 0, bytesReadAtAnswer: /** @type {number[]} */ ([]) };
  const app = express();
  // How much the server had read from the connection when it answered.
  app.use((req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = (...args) => {
      seen.bytesReadAtAnswer.push(req.socket.bytesRead);
      return writeHead.apply(res, args);
    };
    next();
  });
  app.use(limitRequestBodies(limit));
  app.all("*", async (req, res) => {
    seen.requests += 1;
    const body = Buffer.from(await new Response(createReadableStreamFromReadable(req)).arrayBuffer());
    seen.bytes += body.length;
    res
      .type("text/plain")
      .send(`${req.method} ${body.length} ${crypto.createHash("sha256").update(body).digest("hex")}`);
  });
  const server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, seen, port: /** @type {import("node:net").AddressInfo} */ (server.address()).port };
}

/**
 * Streams `total` bytes as a chunked body (no Content-Length), 64 KiB at a time, honouring backpressure.
 * Resolves with the answer, and whether the whole body had been sent by then.
 */
function sendChunked(port, path, total, method = "POST") {
  return new Promise((resolve, reject) => {
    let written = 0;
    let finished = false;
    const piece = Buffer.alloc(64 * 1024, "a");
    const req = http.request({
      host: "127.0.0.1",
      port,
      path,
      method,
      headers: { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" },
    });
    req.on("response", (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), finished }));
      res.on("error", reject);
    });
    // Once refused, the server closes the connection: the rest of the upload fails, by design.
    req.on("error", () => {});
    const write = () => {
      while (written < total) {
        const size = Math.min(piece.length, total - written);
        written += size;
        if (!req.write(size === piece.length ? piece : piece.subarray(0, size))) return void req.once("drain", write);
      }
      finished = true;
      req.end();
    };
    write();
  });
}

test("a declared Content-Length over the limit is refused with 413 before anything reads the body", async () => {
  const { server, seen, port } = await limitedServer(1000);
  try {
    const answer = await new Promise((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port, path: "/", method: "POST", headers: { "Content-Length": "1001" } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode));
        },
      );
      req.on("error", reject);
      req.end("x".repeat(1001));
    });
    expect(answer).toBe(413);
    expect(seen.requests).toBe(0);
  } finally {
    server.close();
  }
});

test("a 48 MiB chunked body is refused with 413 while it is still being sent, and nothing reads past the limit", async () => {
  const limit = 256 * 1024;
  const { server, seen, port } = await limitedServer(limit);
  try {
    for (const [method, path] of [
      ["POST", "/en/report"],
      ["PUT", "/api/v1/tips"],
      ["GET", "/ur"],
    ]) {
      const answer = await sendChunked(port, path, 48 * 1024 * 1024, method);
      expect(answer.status, `${method} ${path}`).toBe(413);
      expect(answer.body).toBe("Request too large.");
      // The answer came before the client got through its 48 MiB, as soon as the server had read just over
      // the limit.
      expect(answer.finished).toBe(false);
      expect(seen.bytesReadAtAnswer.at(-1)).toBeLessThan(limit + 1024 * 1024);
    }
    // The route (where Remix would read) never ran.
    expect(seen).toMatchObject({ requests: 0, bytes: 0 });
  } finally {
    server.close();
  }
});

test("bodies within the limit reach the route intact, chunked or not, at and just under the limit", async () => {
  const limit = 256 * 1024;
  const { server, seen, port } = await limitedServer(limit);
  try {
    for (const size of [1, 70_000, limit - 1, limit]) {
      const answer = await sendChunked(port, "/en/report", size);
      const expected = crypto.createHash("sha256").update(Buffer.alloc(size, "a")).digest("hex");
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(`POST ${size} ${expected}`);
    }
    expect((await sendChunked(port, "/en/report", limit + 1)).status).toBe(413);
    const plain = await fetch(`http://127.0.0.1:${port}/en/report`, {
      method: "POST",
      body: "category=other&description=" + "ب".repeat(2000),
    });
    expect(await plain.text()).toMatch(/^POST 4027 /);
    expect(seen.requests).toBe(5);
  } finally {
    server.close();
  }
});

test.each([
  ["POST", "/ur/report", "multipart/form-data; boundary=x", true],
  ["POST", "/en/follow-up/case", "multipart/form-data; boundary=x", true],
  ["POST", "/api/v1/tips", "Multipart/Form-Data; boundary=x", true],
  ["POST", "/ur/report", "application/x-www-form-urlencoded", false],
  ["POST", "/api/v1/tips", "application/json", false],
  ["POST", "/ur/follow-up", "multipart/form-data; boundary=x", false],
  ["POST", "/staff/tips/x", "multipart/form-data; boundary=x", false],
  ["POST", "/fr/report", "multipart/form-data; boundary=x", false],
  ["GET", "/ur/report", "multipart/form-data; boundary=x", false],
])("%s %s as %s streams past the body limit: %s", (method, path, type, streamed) => {
  const req = /** @type {any} */ ({ method, url: `${path}?x=1`, headers: { "content-type": type } });
  expect(uploadStreamLimit(req)).toBe(streamed ? uploadBodyBytes : null);
});

test("the server's upload limit is the app's (app/server/multipart.server.ts)", async () => {
  const app = await import("../../../app/server/multipart.server");
  expect(uploadBodyBytes).toBe(app.uploadBodyBytes);
});

test("an upload is streamed, not held: a 1 MiB multipart post reaches the route; over the upload limit it is refused at once", async () => {
  const app = express();
  app.use(limitRequestBodies(1024, { streamedLimit: () => 2 * 1024 * 1024 }));
  app.post("*", async (req, res) => {
    const body = Buffer.from(await new Response(createReadableStreamFromReadable(req)).arrayBuffer());
    res.type("text/plain").send(String(body.length));
  });
  const server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
  try {
    const post = (bytes) =>
      fetch(`http://127.0.0.1:${port}/ur/report`, {
        method: "POST",
        body: new Uint8Array(bytes),
        headers: { "Content-Type": "multipart/form-data; boundary=x" },
      });
    const within = await post(1024 * 1024);
    expect([within.status, await within.text()]).toEqual([200, String(1024 * 1024)]);
    expect((await post(3 * 1024 * 1024)).status).toBe(413);
  } finally {
    server.close();
  }
});
