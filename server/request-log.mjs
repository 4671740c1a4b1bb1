// @ts-check
/**
 * One line per request: method, path, status, time. Deliberately no client address, user agent, referrer
 * or query string: any of them could identify a reporter or what they looked at.
 * @param {(line: string) => void} write
 */
export function requestLogger(write) {
  /**
   * Plain Node.js (server/index.mjs runs it before Express): `originalUrl` is Express's name for the URL.
   * @param {import("node:http").IncomingMessage & { originalUrl?: string }} req
   * @param {import("node:http").ServerResponse} res
   * @param {() => void} next
   */
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      write(
        `${req.method} ${sanitizePath((req.originalUrl ?? req.url ?? "").split("?")[0] ?? "")} ${res.statusCode} ${ms.toFixed(1)}ms`,
      );
    });
    next();
  };
}

/**
 * Escapes control characters so a crafted path cannot forge log lines.
 * @param {string} path
 */
export function sanitizePath(path) {
  return String(path).replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
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
