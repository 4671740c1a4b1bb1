import { PassThrough } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { expect, test } from "vitest";

function render(element: React.ReactElement): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(element, {
      onAllReady() {
        const body = new PassThrough();
        const chunks: Buffer[] = [];
        body.on("data", (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
        body.on("end", () => resolve(Buffer.concat(chunks)));
        pipe(body);
      },
      onShellError: reject,
    });
  });
}

// Guards scripts/patch-react-dom.mjs: without it, Urdu text that crosses React's 2048-byte buffer boundary
// gets NUL bytes in the middle of a page. Shifting the text by one ASCII byte at a time makes sure some
// two-byte Urdu letter lands on the boundary.
test("streamed Urdu HTML is exactly what was rendered, with no NUL bytes", async () => {
  const sentence = "بچوں کو خریدا، بیچا، کرائے پر دیا یا اغوا کیا جاتا ہے۔";
  for (let shift = 0; shift < 4; shift++) {
    const paragraphs = Array.from({ length: 60 }, (_, i) => createElement("p", { key: i }, sentence));
    const html = await render(
      createElement("main", null, createElement("b", null, "x".repeat(shift + 1)), ...paragraphs),
    );
    expect(html.includes(0), `shift ${shift}`).toBe(false);
    expect(html.toString("utf8").split(sentence)).toHaveLength(61);
  }
});
