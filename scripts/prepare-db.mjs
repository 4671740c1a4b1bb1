// Before the server starts: create or migrate the database, then make sure agencies (and, for the demo, sample
// tips) are there. Nothing else has to be running. On PostgreSQL several instances may run this at the same
// moment: the migration and the seed each hold an advisory lock, so one does the work and the others wait and
// find it done (docs/decisions/020-what-instances-share.md).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { resolveSecretsFile } from "../app/server/env-schema.server.mjs";
import { restrictNewFiles, securePrivateFiles } from "../app/server/private-files.server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const migrateOnly = process.argv.includes("--migrate-only");
// `npm run start:production`: the directory only, never sample tips or demo accounts, whatever the environment says.
const noDemoData = process.argv.includes("--no-demo-data");
// Inherited by the steps below: the database and the demo keys are created for this user alone.
restrictNewFiles();
// A demo keys file from before is tightened too (the database is, when it is opened).
securePrivateFiles([resolveSecretsFile(process.env.SECRETS_FILE)]);
for (const [command, args] of [
  [process.execPath, ["scripts/prisma-migrate.mjs", "deploy"]],
  ...(migrateOnly ? [] : [[process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]]]),
]) {
  const env = noDemoData ? { ...process.env, DEMO_DATA: "0" } : process.env;
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
