import { expect, test } from "vitest";
import { createClientKeyer } from "./client-key.mjs";

test("the same address gives the same key, and the key does not contain the address", () => {
  const keyer = createClientKeyer();
  const key = keyer.keyFor("203.0.113.9");
  expect(keyer.keyFor("203.0.113.9")).toBe(key);
  expect(keyer.keyFor("203.0.113.10")).not.toBe(key);
  expect(key).not.toContain("203");
});

test("keys change when the secret rotates, so they cannot be linked over time", () => {
  let clock = 0;
  const keyer = createClientKeyer({ rotateEveryMs: 1000, now: () => clock });
  const before = keyer.keyFor("198.51.100.1");
  clock = 1000;
  expect(keyer.keyFor("198.51.100.1")).not.toBe(before);
});

test("two servers (or two restarts) give unrelated keys for one address", () => {
  expect(createClientKeyer().keyFor("192.0.2.1")).not.toBe(createClientKeyer().keyFor("192.0.2.1"));
});
