// @ts-check
/**
 * One line per request: method, path, status, time. Deliberately no client address, user agent, referrer
 * or query string: any of them could identify a reporter or what they looked at.
 * @param {(line: string) => void} write
 */
export function requestLogger(write) {
  /** @type {import("express").RequestHandler} */
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      write(`${req.method} ${sanitizePath(req.originalUrl.split("?")[0] ?? "")} ${res.statusCode} ${ms.toFixed(1)}ms`);
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
