// @ts-check
// The request steps in front of Remix, run in turn on plain Node.js requests and answers, as Express's
// middleware would be run, without Express (docs/decisions/044).
import http from "node:http";
import { noStoreHeaders } from "../app/utils/no-store.mjs";

/**
 * A step answers the request, or calls `next()` to pass it on, or `next(error)` when it failed.
 * @typedef {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, next: (error?: unknown) => void) => void} Step
 */

/**
 * The path of the request target, without its query.
 * @param {import("node:http").IncomingMessage} req
 */
export function pathOf(req) {
  const url = req.url ?? "/";
  const queryAt = url.indexOf("?");
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/**
 * One handler that runs `steps` in turn. A step that fails ends the request with a plain error answer (its own
 * 4xx status, or 500). Only server errors are logged, and never with the request: its headers could identify a
 * reporter.
 * @param {Step[]} steps
 * @returns {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void}
 */
export function runInTurn(steps) {
  return (req, res) => {
    let at = 0;
    /** @param {unknown} [error] */
    const next = (error) => {
      if (error !== undefined && error !== null) return answerFailure(res, error);
      const step = steps[at++];
      if (step) {
        // As Express does: a step that throws fails this request, not the process.
        try {
          step(req, res, next);
        } catch (thrown) {
          answerFailure(res, thrown);
        }
      } else answerFailure(res, Object.assign(new Error("No step answered the request."), { status: 404 }));
    };
    next();
  };
}

/**
 * @param {import("node:http").ServerResponse} res
 * @param {unknown} error
 */
function answerFailure(res, error) {
  const declared = /** @type {{ status?: unknown; statusCode?: unknown }} */ (Object(error));
  const code = Number(declared.status ?? declared.statusCode);
  const status = Number.isInteger(code) && code >= 400 && code < 600 ? code : 500;
  if (status >= 500) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(message.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?"));
  }
  if (res.headersSent) return void res.destroy();
  // Not the status text of an answer that failed before it was sent.
  res.statusMessage = "";
  const text = status >= 500 ? "Internal Server Error" : (http.STATUS_CODES[status] ?? "Error");
  answerPlainText(res, status, text, noStoreHeaders);
}

/**
 * A short plain-text answer (a refusal), as Express's `res.send` of a string sends it: its length, and no body
 * for a HEAD.
 * @param {import("node:http").ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {Record<string, string>} [headers]
 */
export function answerPlainText(res, status, text, headers = {}) {
  res.writeHead(status, {
    ...headers,
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(res.req?.method === "HEAD" ? undefined : text);
}
