// Demo accounts and the published demo password must never reach a real deployment (docs/decisions/015).
// The demo seeds accounts under the reserved domain @aagahi.demo, all with one published password. A server
// started outside a demo refuses while any such account exists, or while any account still has that
// password. The server (plain Node) reaches this code through the build: see `demoAccountRefusal` in
// app/entry.server.tsx and server/index.mjs.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import { listPasswordHashes } from "~/models/staff-user.server";
import { databaseUrl } from "./database-url.server.mjs";
import { verifyPassword } from "./password.server";

import { demoPassword, isPublishedPassword } from "~/domain/published-passwords";

export { demoPassword };
/** `.demo` is not a real top-level domain, so no real staff member has an address there. */
export const demoEmailDomain = "aagahi.demo";

export function isDemoEmail(email: string): boolean {
  return email.trim().toLowerCase().endsWith(`@${demoEmailDomain}`);
}

export const isDemoPassword = isPublishedPassword;

export interface DemoAccountFindings {
  /** Accounts the demo seeded (by their reserved e-mail domain). */
  demoAccounts: string[];
  /** Other accounts whose password is the published demo password. */
  demoPasswordAccounts: string[];
}

/**
 * A stored hash fully decides whether the demo password matches it, so a hash checked once never needs the
 * slow hash again. Remembered as a SHA-256 of the stored hash (nothing a guesser can use) in a file next to
 * the database; losing the file only costs time at the next start.
 */
function hashDigest(passwordHash: string): string {
  return crypto.createHash("sha256").update(passwordHash).digest("hex");
}

function readChecked(file: string | undefined): Set<string> {
  if (!file) return new Set();
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return new Set(Array.isArray(parsed) ? parsed.filter((entry): entry is string => typeof entry === "string") : []);
  } catch {
    return new Set();
  }
}

/**
 * Lists demo accounts and accounts with the demo password. Each password hash costs one slow hash (scrypt)
 * the first time: they run a few at a time (memory-hard, so not all at once), and hashes known not to match
 * are remembered in `checkedFile`.
 */
export async function findDemoAccounts(
  options: { checkedFile?: string; concurrency?: number } = {},
): Promise<DemoAccountFindings> {
  const accounts = await listPasswordHashes();
  const demoAccounts = accounts.filter((account) => isDemoEmail(account.email)).map((account) => account.email);
  const checked = readChecked(options.checkedFile);
  const toVerify = accounts.filter(
    (account) => !isDemoEmail(account.email) && !checked.has(hashDigest(account.passwordHash)),
  );
  const matches = new Set<string>();
  const clean = new Set<string>();
  const concurrency = Math.max(1, options.concurrency ?? Math.min(4, os.availableParallelism()));
  let next = 0;
  const worker = async () => {
    while (next < toVerify.length) {
      const account = toVerify[next++]!;
      if (await verifyPassword(demoPassword, account.passwordHash)) matches.add(account.email);
      else clean.add(hashDigest(account.passwordHash));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, toVerify.length) }, worker));
  if (options.checkedFile && clean.size > 0) {
    // Only hashes still in use are kept, so the file does not grow with every password change.
    const inUse = new Set(accounts.map((account) => hashDigest(account.passwordHash)));
    const keep = [...new Set([...checked, ...clean])].filter((digest) => inUse.has(digest)).sort();
    const temporary = `${options.checkedFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(keep)}\n`, { mode: 0o600 });
    fs.renameSync(temporary, options.checkedFile);
  }
  const demoPasswordAccounts = accounts.filter((account) => matches.has(account.email)).map((account) => account.email);
  return { demoAccounts, demoPasswordAccounts };
}

/** The refusal, naming every account and how to fix it; null when there is nothing to refuse. */
export function describeDemoAccounts(found: DemoAccountFindings): string | null {
  if (found.demoAccounts.length === 0 && found.demoPasswordAccounts.length === 0) return null;
  const lines = ["This database has staff accounts that anyone can sign in to: Aagahi does not start outside a demo."];
  if (found.demoAccounts.length > 0) {
    lines.push(
      `  - Demo accounts (published password): ${found.demoAccounts.join(", ")}.`,
      "    A real deployment starts from its own database (set DATABASE_URL to a new file), or remove them with",
      "    `npm run staff:remove-demo` (it deletes the demo accounts and their notes).",
    );
  }
  if (found.demoPasswordAccounts.length > 0) {
    lines.push(
      `  - Accounts with the published demo password: ${found.demoPasswordAccounts.join(", ")}.`,
      "    Give each a new password with `npm run staff:remove-demo` (it generates one and prints it once).",
    );
  }
  lines.push("  For a demo on this machine only, set AAGAHI_DEMO=1 (npm start does).");
  return lines.join("\n");
}

/** Where the server remembers hashes already checked: next to the SQLite file. */
export function checkedHashesFile(databaseUrl: string): string | undefined {
  return databaseUrl.startsWith("file:") ? `${databaseUrl.slice("file:".length)}.demo-checked.json` : undefined;
}

/**
 * The server's start-up check outside a demo (server/index.mjs calls it through the build, before it listens):
 * the refusal text, or null.
 */
export async function demoAccountRefusal(): Promise<string | null> {
  return describeDemoAccounts(await findDemoAccounts({ checkedFile: checkedHashesFile(databaseUrl()) }));
}
