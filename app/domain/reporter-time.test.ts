import { coarsenReporterTime, coarsenReporterTimeUp, defaultReporterTimeStepMinutes, isoMinute } from "./reporter-time";

test("the default step is one hour", () => {
  expect(defaultReporterTimeStepMinutes).toBe(60);
  expect(coarsenReporterTime(new Date("2026-12-02T15:47:31.123Z")).toISOString()).toBe("2026-12-02T15:00:00.000Z");
});

test.each([
  ["2026-12-02T15:00:00.000Z", 60, "2026-12-02T15:00:00.000Z"],
  ["2026-12-02T15:59:59.999Z", 60, "2026-12-02T15:00:00.000Z"],
  ["2026-12-02T15:29:59.999Z", 15, "2026-12-02T15:15:00.000Z"],
  ["2026-12-02T15:07:59.999Z", 1, "2026-12-02T15:07:00.000Z"],
  ["2026-12-02T23:59:00.000Z", 1440, "2026-12-02T00:00:00.000Z"],
])("%s with a step of %i minutes is stored as %s", (at, step, stored) => {
  expect(coarsenReporterTime(new Date(at), step).toISOString()).toBe(stored);
});

test("a coarse time is never later than the real one and at most one step earlier", () => {
  for (const step of [1, 7, 60, 360]) {
    for (let i = 0; i < 200; i++) {
      const at = new Date(1_700_000_000_000 + Math.floor(Math.random() * 1e11));
      const coarse = coarsenReporterTime(at, step);
      expect(coarse.getTime()).toBeLessThanOrEqual(at.getTime());
      expect(at.getTime() - coarse.getTime()).toBeLessThan(step * 60_000);
      expect(coarse.getUTCSeconds()).toBe(0);
      expect(coarse.getUTCMilliseconds()).toBe(0);
    }
  }
});

test.each([0, -60, 1.5, Number.NaN])("a step of %s minutes is refused", (step) => {
  expect(() => coarsenReporterTime(new Date(), step)).toThrow(RangeError);
});

test.each([
  ["2026-12-02T15:00:00.000Z", "2026-12-02T15:00Z"],
  ["2026-12-02T15:47:31.123Z", "2026-12-02T15:47Z"],
  ["2026-01-01T00:00:59.999Z", "2026-01-01T00:00Z"],
])("%s is exported as %s, without seconds", (at, shown) => {
  expect(isoMinute(new Date(at))).toBe(shown);
});

test.each([
  ["2026-12-02T15:00:00.000Z", 60, "2026-12-02T15:00:00.000Z"],
  ["2026-12-02T15:00:00.001Z", 60, "2026-12-02T16:00:00.000Z"],
  ["2026-12-02T15:59:59.999Z", 60, "2026-12-02T16:00:00.000Z"],
  ["2026-12-02T15:16:00.000Z", 15, "2026-12-02T15:30:00.000Z"],
])("rounded up, %s with a step of %i minutes is %s", (at, step, stored) => {
  expect(coarsenReporterTimeUp(new Date(at), step).toISOString()).toBe(stored);
});

test("a time rounded up is never earlier than the real one and less than one step later", () => {
  for (const step of [1, 7, 60, 360]) {
    for (let i = 0; i < 200; i++) {
      const at = new Date(1_700_000_000_000 + Math.floor(Math.random() * 1e11));
      const up = coarsenReporterTimeUp(at, step);
      expect(up.getTime()).toBeGreaterThanOrEqual(at.getTime());
      expect(up.getTime() - at.getTime()).toBeLessThan(step * 60_000);
      expect(up.getTime() % (step * 60_000)).toBe(0);
    }
  }
});
