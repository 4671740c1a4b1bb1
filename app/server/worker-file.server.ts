import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A worker thread's code is plain JavaScript in the source tree (a worker needs a real file to start from; the
 * Remix build turns app code into one). The module that starts it may run from app/ (tests) or from the server
 * bundle in build/, so look upwards from `moduleUrl` for the project's copy of `relative` (e.g.
 * "app/evidence/clean-worker.mjs").
 */
export function workerFile(moduleUrl: string, relative: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.resolve(relative);
}
