import { demoPassword, isPublishedPassword } from "./published-passwords";

test.each([
  [demoPassword, true],
  ["ｄｅｍｏ-password-2026", true], // full-width letters normalise (NFKC) to the demo password
  ["demo-password-2027", false],
  ["Demo-password-2026", false],
  ["a long and private passphrase", false],
])("%s is published: %s", (password, published) => {
  expect(isPublishedPassword(password)).toBe(published);
});
