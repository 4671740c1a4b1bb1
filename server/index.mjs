// @ts-check
// The production server: Express in front of the Remix build, with security headers, compression,
// long-lived caching for hashed assets, an in-memory cache of public pages, and a request log that records
// nothing about the visitor.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { ConfigurationError, checkStartupEnvironment } from "../app/utils/env-schema.mjs";
import { createClientKeyer } from "./client-key.mjs";
import { createPageCache } from "./page-cache.mjs";
import { requestLogger } from "./request-log.mjs";
import { limitRequestBodies, refuseCrossSitePosts } from "./same-origin.mjs";
import { securityHeadersMiddleware } from "./security-headers.mjs";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const production = (process.env.NODE_ENV ?? "production") === "production";
process.env.NODE_ENV ??= "production";

export async function createApp() {
  const build = await import(pathToFileURL(path.join(projectRoot, "build/index.js")).href);
  const clientKeyer = createClientKeyer();
  const app = express();
  app.disable("x-powered-by");
  // Never derive anything from X-Forwarded-For: the app must not know who is asking.
  app.set("trust proxy", false);

  app.use(securityHeadersMiddleware({ production }));
  app.use(refuseCrossSitePosts);
  app.use(limitRequestBodies(256 * 1024));
  if (process.env.LOG_REQUESTS !== "0") app.use(requestLogger((line) => process.stdout.write(`${line}\n`)));

  // Public pages (and static files) are the same for everyone: after the first request they are served from
  // memory, precompressed, with a strong ETag. Behind the security headers (a fresh nonce per response) and
  // the log; never for report, follow-up, API or staff addresses (server/page-cache.mjs). A kept page skips
  // compression; a page being rendered for the first time is recorded behind it, uncompressed.
  const pageCache = createPageCache();
  app.use(pageCache.serve);
  app.use(compression());
  app.use(pageCache.capture);

  // Hashed file names: cache for a year.
  app.use("/build", express.static(path.join(projectRoot, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(projectRoot, "public"), { maxAge: "1h" }));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: production ? "production" : "development",
      // The client's address goes no further than this line: the app only ever sees an opaque key.
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientKey: clientKeyer.keyFor(req.socket.remoteAddress) }),
    }),
  );
  return app;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Every setting is checked before anything starts; production refuses demo keys (docs/decisions/010).
  let env;
  try {
    env = checkStartupEnvironment(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    console.error(`${error.message}\nAagahi did not start.`);
    process.exit(1);
  }
  const port = env.PORT;
  const app = await createApp();
  const listening = () => console.log(`Aagahi listening on http://${env.HOST ?? "localhost"}:${port}`);
  const server = env.HOST ? app.listen(port, env.HOST, listening) : app.listen(port, listening);
  const shutdown = () => server.close(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
