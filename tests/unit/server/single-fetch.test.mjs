import { expect, test } from "vitest";
import { isClientDataRequest } from "../../../server/single-fetch.mjs";

test.each([
  ["/en/report.data", true],
  ["/en/report.data?_routes=routes%2F%24lang.report", true],
  ["/_root.data", true],
  ["/staff/tips.data", true],
  ["/__manifest?p=%2Fen&version=abc", true],
  // Other spellings the URL parser reads as the same path (a POST is not redirected to the canonical one).
  ["/x/../__manifest?p=%2Fen", true],
  ["/en/./report.data", true],
  ["/__%6Danifest", true],
  ["/en//report.data", true],
  ["/en/report", false],
  ["/en/report?category=other", false],
  ["/staff/tips", false],
  ["/build/root-ABC.css", false],
  ["/en/data", false],
  ["/en/report?x=.data", false],
])("%s is a client data request: %s", (url, expected) => {
  expect(isClientDataRequest(url)).toBe(expected);
});
