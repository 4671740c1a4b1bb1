import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "./database-url.mjs";

// Keys live outside the database: in the environment in production, or, for the demo, in a file created on
// first run (data/secrets.json, readable only by this user). See docs/decisions/008-encryption-at-rest.md.

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface Secrets {
  /** The first key encrypts; all of them decrypt (so keys can be rotated). */
  encryptionKeys: EncryptionKey[];
  /** Keys the receipt-code hash (HMAC-SHA-256). */
  receiptKey: Buffer;
  /** Where the keys came from, for the start-up log. */
  origin: "environment" | "generated-file";
}

const key32 = z
  .string()
  .transform((value) => Buffer.from(value, "base64"))
  .refine((buffer) => buffer.length === 32, "must be 32 bytes, base64-encoded");

const keyList = z
  .string()
  .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=]+$/, "each entry is id:base64key")
          .transform((entry) => {
            const [id, key] = entry.split(":") as [string, string];
            return { id, key: key32.parse(key) };
          }),
      )
      .min(1),
  );

const fileSchema = z.object({
  encryptionKeys: z.array(z.object({ id: z.string(), key: z.string() })).min(1),
  receiptKey: z.string(),
});

export function secretsFilePath(): string {
  return path.resolve(projectRoot, process.env.SECRETS_FILE ?? "data/secrets.json");
}

function loadFromEnvironment(): Secrets | null {
  const keys = process.env.TIP_ENCRYPTION_KEYS;
  const receipt = process.env.RECEIPT_KEY;
  if (!keys && !receipt) return null;
  if (!keys || !receipt) throw new Error("Set both TIP_ENCRYPTION_KEYS and RECEIPT_KEY, or neither (demo).");
  return { encryptionKeys: keyList.parse(keys), receiptKey: key32.parse(receipt), origin: "environment" };
}

function loadOrCreateFile(): Secrets {
  const file = secretsFilePath();
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fresh = {
      encryptionKeys: [{ id: `k${new Date().toISOString().slice(0, 10).replace(/-/g, "")}`, key: crypto.randomBytes(32).toString("base64") }],
      receiptKey: crypto.randomBytes(32).toString("base64"),
    };
    fs.writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  }
  const parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  return {
    encryptionKeys: parsed.encryptionKeys.map(({ id, key }) => ({ id, key: key32.parse(key) })),
    receiptKey: key32.parse(parsed.receiptKey),
    origin: "generated-file",
  };
}

let cached: Secrets | undefined;

export function getSecrets(): Secrets {
  cached ??= loadFromEnvironment() ?? loadOrCreateFile();
  return cached;
}

/** Tests and the key-rotation command load keys afresh. */
export function resetSecretsCache() {
  cached = undefined;
}
