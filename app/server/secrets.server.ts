import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  demoSecretsAllowed,
  demoSecretsRefusalFor,
  encryptionKeyListSchema,
  key32Schema,
  parseEnv,
  resolveSecretsFile,
} from "./env-schema.server.mjs";
import { securePrivateFiles, securePrivateFolder } from "./private-files.server.mjs";

// Keys live outside the database: in the environment in production, or, for the demo, in a file created on
// first run (data/secrets.json, readable only by this user). See docs/decisions/008-encryption-and-receipts.md.
// Production refuses the demo file unless AAGAHI_DEMO=1 says this is a demo (docs/decisions/010), and PostgreSQL
// refuses it outside the tests: every instance needs the same keys (docs/decisions/021).

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

const fileSchema = z.object({
  encryptionKeys: z.array(z.object({ id: z.string(), key: z.string() })).min(1),
  receiptKey: z.string(),
});

export function secretsFilePath(): string {
  return resolveSecretsFile(process.env.SECRETS_FILE);
}

function loadFromEnvironment(): Secrets | null {
  const keys = process.env.TIP_ENCRYPTION_KEYS;
  const receipt = process.env.RECEIPT_KEY;
  if (!keys && !receipt) return null;
  // The same rules as the start-up check, with its messages (which never repeat a key).
  const env = parseEnv({ TIP_ENCRYPTION_KEYS: keys, RECEIPT_KEY: receipt });
  return { encryptionKeys: env.TIP_ENCRYPTION_KEYS!, receiptKey: env.RECEIPT_KEY!, origin: "environment" };
}

function loadOrCreateFile(): Secrets {
  if (!demoSecretsAllowed(process.env)) throw new Error(demoSecretsRefusalFor(process.env));
  const file = secretsFilePath();
  // The folder 0700 and the file 0600, an older, looser one included.
  securePrivateFolder(path.dirname(file));
  securePrivateFiles([file]);
  if (!fs.existsSync(file)) {
    const fresh = {
      encryptionKeys: [
        {
          id: `k${new Date().toISOString().slice(0, 10).replace(/-/g, "")}`,
          key: crypto.randomBytes(32).toString("base64"),
        },
      ],
      receiptKey: crypto.randomBytes(32).toString("base64"),
    };
    fs.writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  }
  const parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  return {
    encryptionKeys: encryptionKeyListSchema.parse(parsed.encryptionKeys.map(({ id, key }) => `${id}:${key}`).join(",")),
    receiptKey: key32Schema.parse(parsed.receiptKey),
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
