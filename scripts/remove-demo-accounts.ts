// Makes a database fit for a real deployment (docs/decisions/015): deletes the demo accounts (@aagahi.demo)
// and gives every other account that still has the published demo password a new, generated one, printed
// once. The server refuses to start outside a demo until this is done.
//   npm run staff:remove-demo
import crypto from "node:crypto";
import { audit } from "~/models/audit.server";
import { setPassword } from "~/models/staff-user.server";
import { databaseUrl } from "~/utils/database-url.mjs";
import { getDb } from "~/utils/db.server";
import { checkedHashesFile, findDemoAccounts } from "~/utils/demo-accounts.server";
import { exitWhileServerWrites } from "./single-writer.mjs";

exitWhileServerWrites("npm run staff:remove-demo");

const db = await getDb();
const found = await findDemoAccounts({ checkedFile: checkedHashesFile(databaseUrl()) });
for (const email of found.demoAccounts) {
  const user = await db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true } });
  // Notes by a demo account are demo data; tips it held go back to their agency's queue. Sessions and
  // recovery codes go with the account.
  await db.$transaction([
    db.tipNote.deleteMany({ where: { staffUserId: user.id } }),
    db.tip.updateMany({ where: { assignedToId: user.id }, data: { assignedToId: null } }),
    db.staffUser.delete({ where: { id: user.id } }),
  ]);
  await audit(db, { actor: null, action: "staff_removed", details: { staffUserId: user.id, reason: "demo_account" } });
  console.log(`Removed demo account ${email}.`);
}
for (const email of found.demoPasswordAccounts) {
  const user = await db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const password = crypto.randomBytes(18).toString("base64url");
  await setPassword(db, user.id, password);
  await db.staffSession.deleteMany({ where: { userId: user.id } });
  await audit(db, { actor: null, action: "staff_password_set", details: { staffUserId: user.id, reason: "demo_password" } });
  console.log(`New password for ${email} (shown once; they change it after signing in): ${password}`);
}
if (found.demoAccounts.length === 0 && found.demoPasswordAccounts.length === 0) console.log("No demo accounts and no demo passwords: nothing to do.");
await db.$disconnect();
