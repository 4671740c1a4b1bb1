// @ts-check
/**
 * One line per request: method, path, status, time. Deliberately no client address, user agent, referrer
 * or query string: any of them could identify a reporter or what they looked at.
 * @param {(line: string) => void} write
 */
export function requestLogger(write) {
  // One shared "finish" listener reading what the request put on its response, rather than a closure and a
  // BigInt clock per request.
  const started = Symbol("started");
  const request = Symbol("request");
  /** @this {import("node:http").ServerResponse & { [started]: number, [request]: import("node:http").IncomingMessage & { originalUrl?: string } }} */
  function logFinished() {
    const ms = performance.now() - this[started];
    const req = this[request];
    const url = req.originalUrl ?? req.url ?? "";
    const query = url.indexOf("?");
    write(
      `${req.method} ${sanitizePath(query === -1 ? url : url.slice(0, query))} ${this.statusCode} ${ms.toFixed(1)}ms`,
    );
  }
  /**
   * Plain Node.js (server/index.mjs runs it first): `originalUrl` is Express's name for the URL, set on the static
   * files it serves.
   * @param {import("node:http").IncomingMessage & { originalUrl?: string }} req
   * @param {import("node:http").ServerResponse} res
   * @param {() => void} next
   */
  return (req, res, next) => {
    const marked = /** @type {import("node:http").ServerResponse & { [started]: number, [request]: typeof req }} */ (
      res
    );
    marked[started] = performance.now();
    marked[request] = req;
    res.on("finish", logFinished);
    next();
  };
}

/**
 * Kept public pages (server/page-cache.mjs) are counted, not logged one by one: one line per page, method and
 * status every `everyMs` (a minute), with how many answers went out in that time ("GET /ur 200 ×5123 kept in
 * 60 s"). Nobody's reading is timed to the millisecond, a minute's lines grow with the pages kept that minute and
 * not with the number of readers (a flood of readers of kept pages cannot fill the disk with it), and the hottest
 * path does no more than add one (docs/decisions/040). A kept page's path has no query string; the cache holds
 * at most 400 pages at a time.
 * @param {(line: string) => void} write
 * @param {{ everyMs?: number }} [options]
 */
export function keptPageCounter(write, { everyMs = 60_000 } = {}) {
  /** Per path: answers to GET with 200, GET with 304, HEAD with 200, HEAD with 304. */
  /** @type {Map<string, number[]>} */
  let counts = new Map();
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  let countingSince = 0;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const counted = counts;
    counts = new Map();
    // The minute, or less when the server stops before it is over.
    const seconds = Math.round((performance.now() - countingSince) / 1000);
    for (const [path, [getOk = 0, getNotModified = 0, headOk = 0, headNotModified = 0]] of counted) {
      const name = sanitizePath(path);
      for (const [method, status, count] of /** @type {const} */ ([
        ["GET", 200, getOk],
        ["GET", 304, getNotModified],
        ["HEAD", 200, headOk],
        ["HEAD", 304, headNotModified],
      ]))
        if (count > 0) write(`${method} ${name} ${status} ×${count} kept in ${seconds} s`);
    }
  };
  return {
    /**
     * @param {import("node:http").IncomingMessage} req a GET or HEAD for a kept page, answered 200 or 304
     * @param {number} status
     */
    count(req, status) {
      const path = req.url ?? "";
      let perPath = counts.get(path);
      if (!perPath) counts.set(path, (perPath = [0, 0, 0, 0]));
      const slot = (req.method === "HEAD" ? 2 : 0) + (status === 304 ? 1 : 0);
      perPath[slot] = (perPath[slot] ?? 0) + 1;
      // Unref'd: a count never keeps the process alive; exit flushes it.
      if (!timer) {
        countingSince = performance.now();
        timer = setTimeout(flush, everyMs).unref();
      }
    },
    flush,
  };
}

const controlCharacter = /[\u0000-\u001f\u007f]/;
const controlCharacters = new RegExp(controlCharacter.source, "g");

/**
 * Escapes control characters so a crafted path cannot forge log lines.
 * @param {string} path
 */
export function sanitizePath(path) {
  const text = String(path);
  return !controlCharacter.test(text)
    ? text
    : text.replace(controlCharacters, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/**
 * Collects log lines and writes them in one go once per turn of the event loop (or when 64 KB pile up):
 * under load one write system call then carries hundreds of lines instead of one each. `flush` writes what
 * is pending at once (on exit).
 * @param {(text: string) => void} write
 * @param {{ maxPendingBytes?: number }} [options]
 */
export function batchedLineWriter(write, { maxPendingBytes = 64 * 1024 } = {}) {
  /** @type {string[]} */
  let pending = [];
  let pendingBytes = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    pendingBytes = 0;
    write(text);
  };
  return {
    /** @param {string} line */
    line(line) {
      pending.push(`${line}\n`);
      pendingBytes += line.length + 1;
      if (pendingBytes >= maxPendingBytes) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
