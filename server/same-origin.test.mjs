import { expect, test } from "vitest";
import { isCrossSiteRequest, limitRequestBodies } from "./same-origin.mjs";

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

test("bodies declared larger than the limit are refused with 413 before anything reads them", () => {
  const limit = limitRequestBodies(1000);
  const answer = (length) => {
    let status = 0;
    let passed = false;
    const res = { status(code) { status = code; return this; }, type() { return this; }, set() { return this; }, send() {} };
    limit({ headers: { "content-length": String(length) } }, res, () => (passed = true));
    return passed ? "next" : status;
  };
  expect(answer(999)).toBe("next");
  expect(answer(1000)).toBe("next");
  expect(answer(1001)).toBe(413);
});
