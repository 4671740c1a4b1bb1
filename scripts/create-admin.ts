// The first administrator on a new installation:
//   npm run staff:create-admin -- --email you@agency.gov.pk --name "Your Name"
// The password comes from ADMIN_PASSWORD, or a strong one is generated and printed once.
import crypto from "node:crypto";
import { createStaffUser } from "~/models/staff-user.server";
import { getDb } from "~/server/db.server";
import { isDemoEmail, isDemoPassword } from "~/server/demo-accounts.server";
import { passwordLimits } from "~/server/password.server";
import { exitWhileServerWrites } from "./single-writer.mjs";

exitWhileServerWrites("npm run staff:create-admin");

const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const email = option("email");
const name = option("name") ?? "Administrator";
if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
  console.error('usage: npm run staff:create-admin -- --email you@agency.gov.pk [--name "Your Name"]');
  process.exit(2);
}
const generated = !process.env.ADMIN_PASSWORD;
const password = process.env.ADMIN_PASSWORD ?? crypto.randomBytes(18).toString("base64url");
if (password.length < passwordLimits.min || password.length > passwordLimits.max) {
  console.error(`ADMIN_PASSWORD must be ${passwordLimits.min} to ${passwordLimits.max} characters.`);
  process.exit(2);
}
// The published demo password never protects a real account; the server would refuse to start with it.
if (isDemoPassword(password) || isDemoEmail(email)) {
  console.error("That is the published demo password or the demo e-mail domain: choose your own.");
  process.exit(2);
}
const db = await getDb();
if (await db.staffUser.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } })) {
  console.error(`A staff account with e-mail ${email} already exists.`);
  process.exit(1);
}
await createStaffUser(db, { email, name, password, role: "admin", agencyCode: null });
console.log(`Created administrator ${email}.`);
if (generated) console.log(`Password (shown once, change it after signing in): ${password}`);
console.log("Sign in at /staff/login and set up two-step sign-in under My account.");
await db.$disconnect();
