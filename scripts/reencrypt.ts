// npm run keys:reencrypt — after putting a new key first in TIP_ENCRYPTION_KEYS (old keys after it),
// rewrite every stored secret under the new key. Then the old key can be removed.
import { reencryptAll } from "~/models/reencrypt.server";
import { getDb } from "~/server/db.server";
import { getSecrets } from "~/server/secrets.server";
import { exitWhileServerWrites } from "./single-writer.mjs";

exitWhileServerWrites("npm run keys:reencrypt");

const db = await getDb();
const report = await reencryptAll(db);
console.log(
  `Checked ${report.tipsChecked} tips, ${report.messagesChecked} messages and ${report.evidencePagesChecked} evidence images; rewrote ${report.valuesRewritten} values under key ${getSecrets().encryptionKeys[0]!.id}.`,
);
await db.$disconnect();
