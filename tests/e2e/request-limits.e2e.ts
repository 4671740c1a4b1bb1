// The 256 KB body limit on the real server (server/same-origin.mjs): a chunked body, which declares no length,
// is counted as it arrives and refused with 413 once over the limit, before Remix reads it; a chunked body
// within the limit still reaches the route intact.
import http from "node:http";
import { expect, inject, test } from "vitest";

const base = new URL(inject("baseURL"));

function sendChunked(path: string, pieces: Buffer[], contentType: string) {
  return new Promise<{ status: number; body: string; finished: boolean }>((resolve, reject) => {
    let finished = false;
    const req = http.request({
      host: base.hostname,
      port: base.port,
      path,
      method: "POST",
      headers: { "Content-Type": contentType, "Transfer-Encoding": "chunked" },
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), finished }));
      res.on("error", reject);
    });
    // A refused upload's connection is closed under it, by design.
    req.on("error", () => {});
    let index = 0;
    const write = () => {
      while (index < pieces.length) {
        if (!req.write(pieces[index++])) return void req.once("drain", write);
      }
      finished = true;
      req.end();
    };
    write();
  });
}

test("a 48 MiB chunked body to the report form and to the partner API gets 413 before the upload ends", async () => {
  const piece = Buffer.alloc(64 * 1024, "a");
  const pieces = Array.from({ length: 768 }, () => piece);
  for (const [path, type] of [
    ["/en/report", "application/x-www-form-urlencoded"],
    ["/api/v1/tips", "application/json"],
  ] as const) {
    const answer = await sendChunked(path, pieces, type);
    expect(answer.status, path).toBe(413);
    expect(answer.body).toBe("Request too large.");
    expect(answer.finished, "the server answered before the client finished sending").toBe(false);
  }
});

test("a chunked JSON tip within the limit reaches the partner API intact", async () => {
  const json = JSON.stringify({
    category: "bonded_labour",
    description: "Families kept at a brick kiln until the advance is repaid (sent chunked)",
    crossesBorder: "no",
    province: "sindh",
    language: "en",
  });
  const bytes = Buffer.from(json);
  const answer = await sendChunked(
    "/api/v1/tips",
    [bytes.subarray(0, 10), bytes.subarray(10, 40), bytes.subarray(40)],
    "application/json",
  );
  expect(answer.status).toBe(201);
  expect(JSON.parse(answer.body)).toMatchObject({ routing: { agency: "police-sindh" } });
});

test("Remix's client data requests (single fetch, route discovery) are refused: no page hydrates, so none needs them", async () => {
  for (const path of [
    "/en/report.data",
    "/ur.data?_routes=root",
    "/_root.data",
    "/staff/login.data",
    "/__manifest?p=%2Fen&version=x",
  ]) {
    const answer = await fetch(new URL(path, base));
    expect(answer.status, path).toBe(404);
    expect(answer.headers.get("content-type") ?? "").not.toContain("turbo");
    expect(await answer.text()).toBe("Not Found");
  }
  // The pages themselves still answer.
  expect((await fetch(new URL("/en/report", base))).status).toBe(200);
});

function rawGet(path: string, headers: Record<string, string>, method = "GET") {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path, method, headers, setHost: false });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

test("a Host header no browser sends is bad input (400), never a server error nor another page", async () => {
  // "x/ur/safety#" would have Remix render /ur/safety for a request to /en/report (and, for a kept page, the page
  // cache keep it under the address asked for).
  for (const host of ["bad host", "[::1", "a/b", "x/ur/safety#"]) {
    const answer = await rawGet("/en/report", { Host: host });
    expect(answer.status, host).toBe(400);
    expect(answer.body, host).not.toMatch(/at \w+ \(|node:internal/);
  }
  // The page still answers under this server's own Host.
  expect((await rawGet("/en/report", { Host: base.host })).status).toBe(200);
});

test("links on a rendered page name the Host asked for, never X-Forwarded-Host or X-Forwarded-Proto", async () => {
  const answer = await rawGet("/en/report", {
    Host: base.host,
    "X-Forwarded-Host": "forwarded.example:666",
    "X-Forwarded-Proto": "https",
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toContain(`href="http://${base.host}/ur/report"`);
  expect(answer.body).not.toContain("forwarded.example");
  expect(answer.body).not.toContain(`https://${base.host}`);
});

test("a method Fetch cannot carry (TRACE) is refused with 405, and a dot segment does not reach Remix's manifest", async () => {
  expect((await rawGet("/en/report", { Host: base.host }, "TRACE")).status).toBe(405);
  // A POST is not redirected to its canonical path, so the refusal must read `/x/../__manifest` as the URL parser does.
  const manifest = await rawGet("/x/../__manifest?p=%2Fen&version=x", { Host: base.host }, "POST");
  expect(manifest).toEqual({ status: 404, body: "Not Found" });
});
