import { parseEnv, type Env } from "./env-schema.server.mjs";

// Configuration is read once and checked at start-up, so a typo fails loudly instead of at the first request.
// The rules live in env-schema.mjs, shared with the Node.js server, which checks them before it listens
// (server/index.mjs). See docs/decisions/010-startup-configuration-check.md.
export type { Env };
export { ConfigurationError, checkStartupEnvironment, parseEnv } from "./env-schema.server.mjs";

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
