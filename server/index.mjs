// @ts-check
// The production server: security headers, a request log that records nothing about the visitor, and an
// in-memory cache of public pages, in front of plain request steps (compression, body limits, static files
// through Express) and the Remix build.
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";
import { Readable } from "node:stream";
import compression from "compression";
import express from "express";
import {
  ConfigurationError,
  checkStartupEnvironment,
  demoBanner,
  demoInstallation,
  resolveSecretsFile,
} from "../app/server/env-schema.server.mjs";
import { databaseUrl, describeDatabase } from "../app/server/database-url.server.mjs";
import { restrictNewFiles, securePrivateFiles } from "../app/server/private-files.server.mjs";
import { reactDomPatchRefusal } from "../scripts/patch-react-dom.mjs";
import { createClientKeyer } from "./client-key.mjs";
import { startDirectoryWatch } from "./directory-watch.mjs";
import { createPageCache } from "./page-cache.mjs";
import { memoryFlagsToSet } from "./memory-flags.mjs";
import { batchedLineWriter, keptPageCounter, requestLogger } from "./request-log.mjs";
import { startAlertSchedule } from "./alert-schedule.mjs";
import { markDatabaseServed, startRetentionSchedule } from "./retention-schedule.mjs";
import { limitRequestBodies, refuseCrossSitePosts, uploadStreamLimit } from "./same-origin.mjs";
import { keptPageSecurityHeaders, securityHeadersMiddleware } from "./security-headers.mjs";
import { redirectToCanonicalPath } from "./canonical-path.mjs";
import { refuseClientDataRequests } from "./single-fetch.mjs";
import { createRemixRequestHandler } from "./remix-adapter.mjs";
import { pathOf, runInTurn } from "./steps.mjs";

/** @typedef {import("./steps.mjs").Step} Step */

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const production = (process.env.NODE_ENV ?? "production") === "production";
process.env.NODE_ENV ??= "production";

/** The Remix server build (run `npm run build` first). */
export function loadBuild() {
  return import(pathToFileURL(path.join(projectRoot, "build/index.js")).href);
}

/** @param {any} [build] */
export async function createApp(build) {
  build ??= await loadBuild();
  const clientKeyer = createClientKeyer();

  // Public pages (and static files) are the same for everyone: after the first request they are served from
  // memory, precompressed, with a strong ETag, before anything else runs (below); never for report,
  // follow-up, API or staff addresses (server/page-cache.mjs). A page rendered for the first time is
  // recorded behind compression, uncompressed.
  const pageCache = createPageCache({
    securityHeaders: keptPageSecurityHeaders({ production }),
    // With PUBLIC_ORIGIN, share links name it, not the Host asked for: one copy of a page serves every Host.
    sameOnEveryHost: Boolean(process.env.PUBLIC_ORIGIN),
  });

  // Express serves files only. Every file in public/ has an extension and pages never do, so a page request
  // never reaches it: Express's per-request set-up (new prototypes for the request and the answer, a router
  // walk) cost about a tenth of the report form's server time (docs/decisions/044).
  const files = express();
  files.disable("x-powered-by");
  // Never derive anything from X-Forwarded-For: the app must not know who is asking.
  files.set("trust proxy", false);
  files.set("query parser", false);
  // Hashed file names: cache for a year.
  // No redirect from a folder to its name with `/` added: the canonical-path redirect would take it off again.
  files.use(
    "/build",
    express.static(path.join(projectRoot, "public/build"), { immutable: true, maxAge: "1y", redirect: false }),
  );
  files.use(express.static(path.join(projectRoot, "public"), { maxAge: "1h", redirect: false }));
  /** @type {Step} */
  const staticFiles = (req, res, next) =>
    // Express takes plain Node.js requests and answers; its types describe them after its own set-up.
    path.extname(pathOf(req)) ? files(/** @type {any} */ (req), /** @type {any} */ (res), next) : next();

  // The partner API renders no page: its POSTs skip Remix (per-request route matching, Fetch Request objects)
  // and go to the same function the Remix route calls, after every check before it (docs/decisions/022).
  const answerTipApi = build.entry?.module?.answerTipApi;
  /** @type {Step} */
  const tipApi = (req, res, next) => {
    if (typeof answerTipApi !== "function" || req.method !== "POST" || pathOf(req) !== "/api/v1/tips") return next();
    /** @type {(name: string) => string | null} */
    const header = (name) => {
      const value = req.headers[name.toLowerCase()];
      return typeof value === "string" ? value : null;
    };
    const text = async () => {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      return Buffer.concat(chunks).toString("utf8");
    };
    // A multipart tip (with evidence files) is read as it streams, by the same reader the forms use.
    /** @type {Request | null} */
    let webRequest = null;
    const toWebRequest = () =>
      (webRequest ??= new Request(new URL(req.url ?? "/", "http://localhost"), {
        method: "POST",
        headers: { "Content-Type": header("Content-Type") ?? "" },
        body: /** @type {ReadableStream} */ (Readable.toWeb(req)),
        duplex: "half",
      }));
    answerTipApi({
      method: req.method,
      url: req.url,
      header,
      text,
      webRequest: toWebRequest,
      clientKey: clientKeyer.keyFor(req.socket.remoteAddress),
    }).then((/** @type {{ status: number; headers: Record<string, string>; body: string }} */ answer) => {
      // As Remix sends it: no ETag, the body as it is.
      res.writeHead(answer.status, answer.headers).end(answer.body);
    }, next);
  };

  const remix = createRemixRequestHandler({
    build,
    mode: production ? "production" : "development",
    // The client's address goes no further than here: the app only ever sees an opaque key, made when a route
    // first asks for it (a rate limit), not for every page.
    getLoadContext: (req, res) => {
      const address = req.socket.remoteAddress;
      /** @type {string | undefined} */
      let clientKey;
      return {
        cspNonce: /** @type {{ locals?: { cspNonce?: string } }} */ (res).locals?.cspNonce,
        get clientKey() {
          return (clientKey ??= clientKeyer.keyFor(address));
        },
        // Helplines appear on cached public pages: an admin's change must not wait behind the cache.
        publicContentChanged: pageCache.clear,
      };
    },
  });

  /** Every request that is not a kept page goes through these, in order, until one answers. */
  const steps = runInTurn([
    // One address per page: `/ur/` or `/%75r` is sent to `/ur` before anything renders or keeps it (ADR 042).
    redirectToCanonicalPath,
    refuseCrossSitePosts,
    // No page hydrates, so nothing needs Remix's data requests; they would reach turbo-stream 2.4.1 (ADR 015).
    refuseClientDataRequests,
    // Uploads of evidence files stream past this limit to the app's own counting reader (server/same-origin.mjs).
    limitRequestBodies(256 * 1024, { streamedLimit: uploadStreamLimit }),
    /** @type {Step} */ (compression()),
    pageCache.capture,
    staticFiles,
    tipApi,
    remix,
  ]);

  // Every request gets a line in the log and the security headers. A kept page is answered at once, its
  // headers (these included, with a CSP that needs no nonce) in one writeHead; everything else gets them here,
  // with a fresh nonce, and goes on to the steps above, whose set-up costs more than serving a kept page does
  // (docs/performance.md).
  const security = securityHeadersMiddleware({ production });
  /** @type {ReturnType<typeof requestLogger> | null} */
  let logger = null;
  /** @type {ReturnType<typeof keptPageCounter>["count"] | undefined} */
  let countKept;
  if (process.env.LOG_REQUESTS !== "0") {
    // Batched: one write per turn of the event loop instead of one per request.
    const log = batchedLineWriter((text) => process.stdout.write(text));
    // Kept public pages are counted per minute, not lined one by one (docs/decisions/040).
    const keptPages = keptPageCounter(log.line);
    countKept = keptPages.count;
    process.on("exit", () => {
      keptPages.flush();
      log.flush();
    });
    logger = requestLogger(log.line);
  }
  const next = () => {};
  /** @type {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void} */
  const handler = (req, res) => {
    pageCache.serve(
      req,
      res,
      () => {
        // Timed from here: after the kept-page lookup (microseconds), or, for a reader who waited for a first
        // render that could not be kept, after that wait (docs/decisions/040).
        logger?.(req, res, next);
        security(req, res, next);
        steps(req, res);
      },
      countKept,
    );
  };
  // For the directory watch: a change made by another instance empties this instance's page cache.
  return Object.assign(handler, { clearPageCache: pageCache.clear });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // V8's memory flags (server/memory-flags.mjs, docs/decisions/033), set before anything compiles or allocates
  // much; the same flag given to node on the command line wins.
  for (const flag of memoryFlagsToSet(process.execArgv)) v8.setFlagsFromString(flag);
  // Whatever this server creates (the database, its -wal and -shm, demo keys) is for this user alone.
  restrictNewFiles();
  // Every setting is checked before anything starts; production refuses demo keys (docs/decisions/010).
  // `--production` is `npm run start:production`: never a demo, keys required (docs/decisions/021).
  const productionStart = process.argv.includes("--production");
  let env;
  try {
    env = checkStartupEnvironment(process.env, { production: productionStart });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(`${error.message}\nAagahi did not start.`);
    process.exit(1);
  }
  // Without the react-dom fix Urdu pages carry NUL bytes, and `npm ci --ignore-scripts` skips it silently.
  const patchRefusal = reactDomPatchRefusal();
  if (patchRefusal) {
    console.error(`${patchRefusal}\nAagahi did not start.`);
    process.exit(1);
  }
  // An older demo keys file is tightened (the database is, when it is opened).
  securePrivateFiles([resolveSecretsFile(env.SECRETS_FILE)]);
  // Whoever runs several instances must see which database each one uses (never its user or password), and
  // where its keys come from.
  console.log(`Database: ${describeDatabase(env.DATABASE_URL)}`);
  console.log(
    env.TIP_ENCRYPTION_KEYS
      ? "Keys: TIP_ENCRYPTION_KEYS and RECEIPT_KEY from the environment"
      : `Keys: generated demo keys file ${resolveSecretsFile(env.SECRETS_FILE)}`,
  );
  const build = await loadBuild();
  if (demoInstallation(env)) {
    // Never silent: whoever reads the console or the log must see that this is not a real deployment.
    console.error(demoBanner({ keysFromEnvironment: Boolean(env.TIP_ENCRYPTION_KEYS) }));
  } else {
    // Outside a demo, no account may sign in with a published password (docs/decisions/015).
    /** @type {string | null} */
    let refusal = "The build has no start-up account check: run `npm run build`.";
    if (typeof build.entry?.module?.demoAccountRefusal === "function") {
      try {
        refusal = await build.entry.module.demoAccountRefusal();
      } catch (error) {
        refusal = `Could not check the staff accounts (${error instanceof Error ? error.message.split("\n")[0] : error}). Is the database migrated (npm run db:migrate:deploy)?`;
      }
    }
    if (refusal) {
      console.error(`${refusal}\nAagahi did not start.`);
      process.exit(1);
    }
  }
  const port = env.PORT;
  const handler = await createApp(build);
  const server = http.createServer(handler);
  const listening = () => console.log(`Aagahi listening on http://${env.HOST ?? "localhost"}:${port}`);
  if (env.HOST) server.listen(port, env.HOST, listening);
  else server.listen(port, listening);
  // Hourly data retention in this process, on the app's own connection (docs/decisions/017); the mark tells
  // `npm run retention:run` not to write to the same SQLite file from a second process.
  const unmarkDatabase = markDatabaseServed(databaseUrl());
  process.on("exit", unmarkDatabase);
  const retention = startRetentionSchedule({
    run: async () => {
      if (typeof build.entry?.module?.runScheduledRetention !== "function")
        throw new Error("the build has no retention run: run `npm run build`");
      await build.entry.module.runScheduledRetention();
    },
  });
  // Directory changes made through other instances on the same database (docs/decisions/020). Also on SQLite,
  // where this server is the only writer: a one-row read every two seconds costs nothing there.
  const directoryWatch = startDirectoryWatch({
    check: async () => {
      if (typeof build.entry?.module?.checkDirectoryVersion !== "function")
        throw new Error("the build has no directory check: run `npm run build`");
      return build.entry.module.checkDirectoryVersion();
    },
    onChange: handler.clearPageCache,
  });
  void directoryWatch.pollNow();
  // Staff alerts by e-mail, only when SMTP_URL is set (docs/decisions/028): sent from here, never from a request.
  const alerts = env.SMTP_URL
    ? startAlertSchedule({
        run: async () => {
          if (typeof build.entry?.module?.runScheduledAlerts !== "function")
            throw new Error("the build has no alert sender: run `npm run build`");
          await build.entry.module.runScheduledAlerts();
        },
      })
    : null;
  if (alerts) console.log("Alerts: staff alerts by e-mail are on (SMTP_URL)");
  const shutdown = () =>
    void Promise.all([retention.stop(), directoryWatch.stop(), alerts?.stop()]).then(() =>
      server.close(() => process.exit(0)),
    );
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
