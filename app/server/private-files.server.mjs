// @ts-check
// The data folder (database, its -wal and -shm, the demo keys file, backups) is for this user alone: folders
// 0700, files 0600 (docs/decisions/015). Plain JavaScript so that the server, the migration script and the
// app share it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "./database-url.server.mjs";

export const privateFolderMode = 0o700;
export const privateFileMode = 0o600;

/**
 * From here on, every file and folder this process (and any process it starts) creates is for this user
 * alone, whatever creates it: SQLite's -wal and -shm, a VACUUM INTO copy, a temporary file.
 */
export function restrictNewFiles() {
  try {
    process.umask(0o077);
  } catch {
    // Worker threads cannot change the umask; the explicit modes below still apply.
  }
}

/** @param {fs.Stats} stat */
const ownedByUs = (stat) => typeof process.getuid !== "function" || stat.uid === process.getuid();

/**
 * Creates a private folder (0700), or tightens an existing one that this user owns. Never a shared place:
 * the project folder, the home folder, or a sticky folder such as /tmp stay as they are.
 * @param {string} folder
 */
export function securePrivateFolder(folder) {
  const resolved = path.resolve(folder);
  fs.mkdirSync(resolved, { recursive: true, mode: privateFolderMode });
  const stat = fs.statSync(resolved);
  const shared =
    resolved === projectRoot ||
    resolved === os.homedir() ||
    resolved === path.parse(resolved).root ||
    (stat.mode & 0o1000) !== 0;
  if (!shared && ownedByUs(stat) && (stat.mode & 0o777) !== privateFolderMode)
    fs.chmodSync(resolved, privateFolderMode);
}

/**
 * Tightens files this user owns to 0600; missing files are skipped.
 * @param {string[]} files
 */
export function securePrivateFiles(files) {
  for (const file of files) {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      continue;
    }
    if (stat.isFile() && ownedByUs(stat) && (stat.mode & 0o777) !== privateFileMode)
      fs.chmodSync(file, privateFileMode);
  }
}

/**
 * Before a SQLite database is opened: new files private, its folder 0700, and the database, its journal,
 * -wal and -shm 0600 if they exist already.
 * @param {string} url a `file:` URL with an absolute path (see database-url.mjs)
 */
export function secureDatabaseFiles(url) {
  if (!url.startsWith("file:")) return;
  const file = url.slice("file:".length);
  restrictNewFiles();
  securePrivateFolder(path.dirname(file));
  securePrivateFiles([file, `${file}-wal`, `${file}-shm`, `${file}-journal`]);
}
