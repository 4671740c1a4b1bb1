// @ts-check
// One place that decides where the database is, shared by the app, the migration script and the tests.
// A relative SQLite path is resolved from the project root, never from the current directory.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding package.json, found by walking up: this file runs from app/ and, bundled, from build/. */
function findProjectRoot() {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("project root (package.json) not found");
    dir = parent;
  }
  return dir;
}

const projectRoot = findProjectRoot();

/** @typedef {"sqlite" | "postgresql"} DatabaseEngine */

/**
 * The engine a DATABASE_URL selects: `file:` is SQLite, `postgres://` or `postgresql://` is PostgreSQL
 * (docs/decisions/018-database-engine-by-url.md). Anything else: undefined.
 * @param {string} url
 * @returns {DatabaseEngine | undefined}
 */
export function engineOfUrl(url) {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  return undefined;
}

/** @returns {string} */
export function databaseUrl(raw = process.env.DATABASE_URL) {
  const value = raw ?? "file:./data/aagahi.db";
  const engine = engineOfUrl(value);
  if (!engine) {
    throw new Error("DATABASE_URL must be a SQLite file: URL (file:./data/aagahi.db) or a postgresql:// URL");
  }
  if (engine === "postgresql") return value;
  const file = value.slice("file:".length);
  return `file:${path.isAbsolute(file) ? file : path.resolve(projectRoot, file)}`;
}

/**
 * What a start-up line may say about the database: the engine and where it is, never the user or the password.
 * @param {string} url
 */
export function describeDatabase(url) {
  const resolved = databaseUrl(url);
  if (engineOfUrl(resolved) === "sqlite") return `SQLite, file ${resolved.slice("file:".length)}`;
  const parsed = new URL(resolved);
  return `PostgreSQL on ${parsed.host}, database ${decodeURIComponent(parsed.pathname.slice(1))}`;
}

export { projectRoot };
