import { expect, test } from "vitest";
import { helplineData as helplines } from "~/domain/reference-data";

const emergencyHelpline = helplines.find((helpline) => helpline.emergency);

test("the starting helplines list the FIA hotline, the human rights helpline and police emergency", () => {
  expect(helplines.map((helpline) => helpline.number)).toEqual(expect.arrayContaining(["111-247-786", "1099", "15"]));
});

test("the emergency number is police 15", () => {
  expect(emergencyHelpline?.number).toBe("15");
});

test("unconfirmed numbers are not published (seeds-brief §9.13, helplines.md)", () => {
  expect(helplines.map((helpline) => helpline.number)).not.toContain("1991");
  expect(helplines.filter((helpline) => helpline.number === "15")).toHaveLength(1);
});

test("tel links hold the same digits as the number shown", () => {
  for (const helpline of helplines) expect(helpline.tel).toBe(helpline.number.replace(/\D/g, ""));
});
