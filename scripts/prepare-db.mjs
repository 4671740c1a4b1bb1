// Before the server starts: create or migrate the SQLite database, then make sure agencies (and, for the
// demo, sample tips) are there. Nothing else has to be running.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const migrateOnly = process.argv.includes("--migrate-only");
for (const [command, args] of [
  [process.execPath, ["scripts/prisma-migrate.mjs", "deploy"]],
  ...(migrateOnly ? [] : [[process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/seed.ts"]]]),
]) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
