// @ts-check
/**
 * One line per request: method, path, status, time. Deliberately no client address, user agent, referrer
 * or query string: any of them could identify a reporter or what they looked at.
 * @param {(line: string) => void} write
 */
export function requestLogger(write) {
  // One shared "finish" listener reading what the request put on its response, rather than a closure and a
  // BigInt clock per request: the log line is on every kept page's path (docs/performance.md).
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
   * Plain Node.js (server/index.mjs runs it before Express): `originalUrl` is Express's name for the URL.
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
