import { expect, test } from "vitest";
import { createClientKeyer, networkOf } from "../../../server/client-key.mjs";

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

test.each([
  ["203.0.113.9", "203.0.113.9", "IPv4: the address itself"],
  ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64", "IPv6: its /64"],
  ["2001:db8:1:2:ffff::1", "2001:db8:1:2::/64", "another address in the same /64"],
  ["2001:0DB8:0001:0002:0000:0000:0000:0001", "2001:db8:1:2::/64", "leading zeros and capitals"],
  ["2001:db8::1", "2001:db8:0:0::/64", "compressed in the prefix"],
  ["2001:db8:0:0:abcd::", "2001:db8:0:0::/64", "compressed at the end"],
  ["2001:db8:1:3::1", "2001:db8:1:3::/64", "the next /64 is another client"],
  ["::", "0:0:0:0::/64", "the unspecified address"],
  ["::1", "0:0:0:0::/64", "loopback"],
  ["fe80::1%eth0", "fe80:0:0:0::/64", "a zone index is ignored"],
  ["64:ff9b::192.0.2.1", "64:ff9b:0:0::/64", "NAT64: a dotted tail outside ::ffff"],
  ["::ffff:1.2.3.4", "1.2.3.4", "IPv4-mapped: that one IPv4 address"],
  ["::FFFF:1.2.3.5", "1.2.3.5", "IPv4-mapped, capitals: a different IPv4 address is a different client"],
  ["::ffff:0102:0304", "1.2.3.4", "IPv4-mapped in hexadecimal"],
  ["0:0:0:0:0:ffff:1.2.3.4", "1.2.3.4", "IPv4-mapped, written out"],
  [undefined, "unknown", "no address (a closed socket)"],
  ["not an address", "not an address", "anything else, unchanged"],
])("%s is keyed as %s (%s)", (address, network) => {
  expect(networkOf(address)).toBe(network);
});

test("every address in one IPv6 /64 shares a rate-limit key; IPv4-mapped addresses keep one key per IPv4 address", () => {
  const keyer = createClientKeyer();
  expect(keyer.keyFor("2001:db8:1:2::1")).toBe(keyer.keyFor("2001:db8:1:2:dead:beef:0:7"));
  expect(keyer.keyFor("2001:db8:1:2::1")).not.toBe(keyer.keyFor("2001:db8:1:3::1"));
  expect(keyer.keyFor("::ffff:198.51.100.7")).toBe(keyer.keyFor("198.51.100.7"));
  expect(keyer.keyFor("::ffff:198.51.100.7")).not.toBe(keyer.keyFor("::ffff:198.51.100.8"));
});
