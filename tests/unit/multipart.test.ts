// The counting multipart reader behind the report form, the reply form and the API (app/utils/multipart.server.ts).
import { describe, expect, test } from "vitest";
import { evidenceLimits } from "~/domain/evidence";
import { maxParts, readUploadForm, textPartBytes } from "~/utils/multipart.server";

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
    expect(read.files.map((entry) => [entry.size, entry.bytes?.byteLength])).toEqual([[10, 10], [20, 20]]);
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

  test(`more than ${maxParts} parts: reading stops`, async () => {
    const form = new FormData();
    for (let index = 0; index <= maxParts; index++) form.append("n", String(index));
    expect((await readUploadForm(post(form))).truncated).toBe(true);
  });

  test.each([
    ["no boundary", "multipart/form-data", `--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--X--\r\n`],
    ["cut short", "multipart/form-data; boundary=X", `--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--X\r\nContent-Disposition: form-data; name="evidence"; filename="a.jpg"\r\n\r\nabc`],
    ["a wrong boundary", "multipart/form-data; boundary=Y", `--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--X--\r\n`],
  ])("%s: broken, never an exception", async (_, type, body) => {
    const read = await readUploadForm(post(new TextEncoder().encode(body), { "Content-Type": type }));
    expect(read.broken).toBe(true);
    expect(read.files).toEqual([]);
  });

  test("a form that is not multipart is read as before", async () => {
    const read = await readUploadForm(new Request(`${origin}/en/report`, { method: "POST", body: new URLSearchParams({ a: "b" }) }));
    expect([read.form.get("a"), read.files, read.broken]).toEqual(["b", [], false]);
  });
});
