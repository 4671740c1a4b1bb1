// Makes a database fit for a real deployment (docs/decisions/015): deletes the demo accounts (@aagahi.demo)
// and gives every other account that still has the published demo password a new, generated one, printed
// once. The server refuses to start outside a demo until this is done.
//   npm run staff:remove-demo
import crypto from "node:crypto";
import { removeDemoAccount, replaceDemoPassword } from "~/models/staff-user.server";
import { databaseUrl } from "~/server/database-url.server.mjs";
import { getDb } from "~/server/db.server";
import { checkedHashesFile, findDemoAccounts } from "~/server/demo-accounts.server";
import { exitWhileServerWrites } from "./single-writer.mjs";

exitWhileServerWrites("npm run staff:remove-demo");

const found = await findDemoAccounts({ checkedFile: checkedHashesFile(databaseUrl()) });
for (const email of found.demoAccounts) {
  await removeDemoAccount(email);
  console.log(`Removed demo account ${email}.`);
}
for (const email of found.demoPasswordAccounts) {
  const password = crypto.randomBytes(18).toString("base64url");
  await replaceDemoPassword(email, password);
  console.log(`New password for ${email} (shown once; they change it after signing in): ${password}`);
}
if (found.demoAccounts.length === 0 && found.demoPasswordAccounts.length === 0)
  console.log("No demo accounts and no demo passwords: nothing to do.");
await (await getDb()).$disconnect();
