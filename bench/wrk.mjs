// Reads what `wrk --latency` prints (tests/unit/wrk-output.test.ts holds a real sample).

/** Milliseconds from a wrk figure such as "812.00us", "3.41ms", "1.02s" or "1.50m". */
export function milliseconds(text) {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) throw new Error(`unreadable wrk time: ${text}`);
  const value = Number(match[1]);
  return { us: value / 1000, ms: value, s: value * 1000, m: value * 60_000 }[match[2]];
}

/** Requests/s, p50 and p99 (ms), the request count, and every answer or socket that went wrong. */
export function parseWrk(output) {
  const number = (pattern) => Number(pattern.exec(output)?.[1] ?? NaN);
  const percentile = (p) => {
    const figure = new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(output)?.[1];
    if (!figure) throw new Error(`wrk printed no ${p}th percentile (was --latency given?):\n${output}`);
    return milliseconds(figure);
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const result = {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    requests: number(/(\d+) requests in/),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
  if (!Number.isFinite(result.requestsPerSecond) || !Number.isFinite(result.requests))
    throw new Error(`unreadable wrk output:\n${output}`);
  return result;
}
