// The counting multipart reader behind the report form, the reply form and the API (app/server/multipart.server.ts).
import { describe, expect, test } from "vitest";
import { evidenceLimits } from "~/domain/evidence";
import {
  concurrentUploadReads,
  framingBytes,
  maxParts,
  readUploadForm,
  smallBodyBytes,
  textPartBytes,
  uploadBodyBytes,
} from "~/server/multipart.server";

const origin = "http://aagahi.test";
const post = (body: FormData | Uint8Array, headers: Record<string, string> = {}) =>
  new Request(`${origin}/en/report`, { method: "POST", body: body as BodyInit, headers });
const file = (bytes: number, name = "a.jpg") => new File([new Uint8Array(bytes).fill(7)], name, { type: "image/jpeg" });

describe("readUploadForm", () => {
  test("answers and files, in order; an empty file input is no file", async () => {
    const form = new FormData();
    form.append("description", "ایجنٹ نے پاسپورٹ رکھ لیا");
    form.append("evidence", file(10));
    form.append("evidence", new File([], "", { type: "application/octet-stream" }));
    form.append("evidence", file(20));
    const read = await readUploadForm(post(form));
    expect(read.form.get("description")).toBe("ایجنٹ نے پاسپورٹ رکھ لیا");
    expect(read.files.map((entry) => [entry.size, entry.bytes?.byteLength])).toEqual([
      [10, 10],
      [20, 20],
    ]);
    expect([read.truncated, read.broken]).toEqual([false, false]);
  });

  test("a file over the limit is counted, not kept, and the answers after it still arrive", async () => {
    const form = new FormData();
    form.append("evidence", file(evidenceLimits.fileBytes + 1));
    form.append("description", "after the big file");
    const read = await readUploadForm(post(form));
    expect(read.files).toEqual([{ size: evidenceLimits.fileBytes + 1, bytes: null }]);
    expect(read.form.get("description")).toBe("after the big file");
  });

  test("past five files, or past 25 MB together, bytes are no longer kept", async () => {
    const form = new FormData();
    for (let index = 0; index < 6; index++) form.append("evidence", file(9 * 1024 * 1024));
    const read = await readUploadForm(post(form));
    expect(read.files.map((entry) => entry.bytes !== null)).toEqual([true, true, false, false, false, false]);
    expect(read.files.every((entry) => entry.size === 9 * 1024 * 1024)).toBe(true);
  });

  test("an answer over 64 KB reads as empty; a file under another name is an answer (the API's tip part sent as a file)", async () => {
    const form = new FormData();
    form.append("description", "x".repeat(textPartBytes + 1));
    form.append("tip", new File(['{"category":"other"}'], "tip.json", { type: "application/json" }));
    const read = await readUploadForm(post(form));
    expect(read.form.get("description")).toBeNull();
    expect(read.form.get("tip")).toBe('{"category":"other"}');
    expect(read.files).toEqual([]);
  });

  test("an endless part header is not held: reading stops past the framing allowance, counted as it streams", async () => {
    // The parser keeps a part's headers until their blank line; this one never ends (found by review: 1 GB of
    // header was once held whole and never counted).
    let sent = 0;
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(`--X\r\nContent-Disposition: form-data; name="a"\r\nX-Long: `));
      },
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request(`${origin}/en/report`, {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=X" },
      duplex: "half",
    } as RequestInit);
    const read = await readUploadForm(request);
    expect(read.truncated).toBe(true);
    // Stopped soon after the allowance, not at the end of the 64 MB.
    expect(sent).toBeLessThan(framingBytes + 1024 * 1024);
  });

  test("a body over the whole-upload limit is stopped as it arrives, chunked or not", async () => {
    let sent = 0;
    const piece = new Uint8Array(1024 * 1024);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(`--X\r\nContent-Disposition: form-data; name="evidence"; filename="a.jpg"\r\n\r\n`),
        );
      },
      pull(controller) {
        sent += piece.byteLength;
        if (sent > 2 * uploadBodyBytes) controller.close();
        else controller.enqueue(piece);
      },
    });
    const request = new Request(`${origin}/en/report`, {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=X" },
      duplex: "half",
    } as RequestInit);
    const read = await readUploadForm(request);
    expect(read.truncated).toBe(true);
    expect(sent).toBeLessThan(uploadBodyBytes + 4 * 1024 * 1024);
  });

  test(`at most ${concurrentUploadReads} bodies are read at once; the others wait their turn and are read in full`, async () => {
    let reading = 0;
    let most = 0;
    const slowBody = () => {
      let step = 0;
      return new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (step === 0) {
              reading += 1;
              most = Math.max(most, reading);
              controller.enqueue(new TextEncoder().encode(`--X\r\nContent-Disposition: form-data; name="a"\r\n\r\n`));
            } else if (step < 4) {
              await new Promise((resolve) => setTimeout(resolve, 10));
              controller.enqueue(new TextEncoder().encode("b"));
            } else {
              controller.enqueue(new TextEncoder().encode("\r\n--X--\r\n"));
              reading -= 1;
              controller.close();
            }
            step += 1;
          },
        },
        { highWaterMark: 0 },
      );
    };
    const reads = Array.from({ length: concurrentUploadReads + 3 }, () =>
      readUploadForm(
        new Request(`${origin}/en/report`, {
          method: "POST",
          body: slowBody(),
          headers: { "Content-Type": "multipart/form-data; boundary=X" },
          duplex: "half",
        } as RequestInit),
      ),
    );
    const results = await Promise.all(reads);
    expect(results.map((read) => read.form.get("a"))).toEqual(results.map(() => "bbb"));
    expect(most).toBeLessThanOrEqual(concurrentUploadReads);
  });

  test("a small body (declared at most 64 KB) is read at once while slow uploads hold every turn; a larger one waits", async () => {
    expect(smallBodyBytes).toBe(64 * 1024);
    const encoder = new TextEncoder();
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const trickle = () =>
      new ReadableStream<Uint8Array>(
        {
          async start(controller) {
            controller.enqueue(encoder.encode(`--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nslow`));
            await gate;
            controller.enqueue(encoder.encode("\r\n--X--\r\n"));
            controller.close();
          },
        },
        { highWaterMark: 0 },
      );
    const multipart = (body: BodyInit, headers: Record<string, string> = {}) =>
      new Request(`${origin}/en/report`, {
        method: "POST",
        body,
        headers: { "Content-Type": "multipart/form-data; boundary=X", ...headers },
        duplex: "half",
      } as RequestInit);
    const uploads = Array.from({ length: concurrentUploadReads + 1 }, () => readUploadForm(multipart(trickle())));
    const small = encoder.encode(`--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nsmall\r\n--X--\r\n`);
    const waited = (read: Promise<unknown>) =>
      Promise.race([read.then(() => "read"), new Promise((resolve) => setTimeout(() => resolve("waiting"), 300))]);
    let largeRead: Promise<Awaited<ReturnType<typeof readUploadForm>>> | undefined;
    try {
      const smallRead = readUploadForm(multipart(small, { "Content-Length": String(small.byteLength) }));
      expect(await waited(smallRead)).toBe("read");
      expect((await smallRead).form.get("a")).toBe("small");
      // Said to be larger: it takes a turn like any upload, so it waits behind the trickling ones.
      largeRead = readUploadForm(multipart(trickle(), { "Content-Length": String(smallBodyBytes + 1) }));
      expect(await waited(largeRead)).toBe("waiting");
    } finally {
      // Always let the trickling uploads finish, so their turns are free for the tests after this one.
      open();
    }
    const results = await Promise.all([...uploads, largeRead]);
    expect(results.map((read) => read?.form.get("a"))).toEqual(results.map(() => "slow"));
  });

  test(`more than ${maxParts} parts: reading stops`, async () => {
    const form = new FormData();
    for (let index = 0; index <= maxParts; index++) form.append("n", String(index));
    expect((await readUploadForm(post(form))).truncated).toBe(true);
  });

  test.each([
    ["no boundary", "multipart/form-data", `--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--X--\r\n`],
    [
      "cut short",
      "multipart/form-data; boundary=X",
      `--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--X\r\nContent-Disposition: form-data; name="evidence"; filename="a.jpg"\r\n\r\nabc`,
    ],
    [
      "a wrong boundary",
      "multipart/form-data; boundary=Y",
      `--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--X--\r\n`,
    ],
  ])("%s: broken, never an exception", async (_, type, body) => {
    const read = await readUploadForm(post(new TextEncoder().encode(body), { "Content-Type": type }));
    expect(read.broken).toBe(true);
    expect(read.files).toEqual([]);
  });

  test("a form that is not multipart is read as before", async () => {
    const read = await readUploadForm(
      new Request(`${origin}/en/report`, { method: "POST", body: new URLSearchParams({ a: "b" }) }),
    );
    expect([read.form.get("a"), read.files, read.broken]).toEqual(["b", [], false]);
  });
});
