// bench/throughput.mjs reads wrk's report: a misread unit would make every ratio it prints wrong.
import { expect, test } from "vitest";
import { milliseconds, parseWrk } from "../../bench/wrk.mjs";

const sample = `Running 1s test @ http://127.0.0.1:18081/
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   428.17us    1.05ms  16.52ms   92.31%
    Req/Sec    64.90k    27.39k   82.99k    80.00%
  Latency Distribution
     50%  118.00us
     75%  140.00us
     90%    0.99ms
     99%    5.42ms
  64653 requests in 1.00s, 7.65MB read
Requests/sec:  64609.13
Transfer/sec:      7.64MB
`;

test("reads requests/s, percentiles in their own units, and a clean run's zero errors", () => {
  expect(parseWrk(sample)).toEqual({
    requestsPerSecond: 64609.13,
    p50Ms: 0.118,
    p99Ms: 5.42,
    requests: 64653,
    non2xx: 0,
    socketErrors: 0,
  });
});

test("counts non-2xx answers and every kind of socket error", () => {
  const troubled = sample.replace(
    "Requests/sec",
    "  Socket errors: connect 1, read 2, write 3, timeout 4\n  Non-2xx or 3xx responses: 17\nRequests/sec",
  );
  expect(parseWrk(troubled)).toMatchObject({ non2xx: 17, socketErrors: 10 });
});

test("converts every time unit wrk prints", () => {
  expect(milliseconds("812.00us")).toBeCloseTo(0.812);
  expect(milliseconds("3.41ms")).toBe(3.41);
  expect(milliseconds("1.02s")).toBe(1020);
  expect(milliseconds("1.50m")).toBe(90_000);
  expect(() => milliseconds("3.41 ms")).toThrow();
});

test("refuses a report without the latency table instead of inventing a p99", () => {
  expect(() => parseWrk(sample.replace(/ {5}99%.*\n/, ""))).toThrow(/99th percentile/);
});
