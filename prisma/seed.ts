// The starting directory (agencies, units, FIA routing, helplines: only what is missing, admins' edits stay) and, for a demo, a handful of
// sample tips in both languages when the database has none. Run by `npm start` through scripts/prepare-db.mjs.
import { routeTip } from "~/domain/routing";
import { tipSchema, type TipInput } from "~/domain/tip";
import { loadDirectory, seedDirectory } from "~/models/directory.server";
import { createStaffUser } from "~/models/staff-user.server";
import { addTipMessage, createTip } from "~/models/tip.server";
import { advisoryLocks, withDatabaseLock } from "~/server/database-lock.server.mjs";
import { databaseUrl } from "~/server/database-url.server.mjs";
import { createDatabase, type Database } from "~/server/db.server";
import { demoPassword } from "~/server/demo-accounts.server";

export const sampleTips: TipInput[] = [
  {
    category: "fake_job_offer",
    crossesBorder: "yes",
    country: "OM",
    province: "punjab",
    district: "faisalabad",
    victimCount: 3,
    victimAgeGroup: "adult",
    description:
      "An agent in our area took Rs 250,000 from three women for salon jobs in Oman. He keeps their passports.",
    suspects: "Agent calls himself Shakeel, office near the bus stand.",
    language: "en",
  },
  {
    category: "bonded_labour",
    crossesBorder: "no",
    province: "sindh",
    district: "hyderabad",
    victimCount: 7,
    victimAgeGroup: "child",
    description:
      "اینٹوں کے بھٹے پر ایک خاندان کام کر رہا ہے۔ مالک کہتا ہے کہ پیشگی واپس کیے بغیر کوئی نہیں جا سکتا۔ بچے بھی کام کرتے ہیں۔",
    language: "ur",
  },
  {
    category: "bride_trafficking",
    crossesBorder: "unknown",
    province: "punjab",
    district: "gujranwala",
    victimAgeGroup: "adult",
    description:
      "ایک غریب خاندان کی بیٹی کا رشتہ چین کے ایک آدمی سے جلدی میں طے کیا گیا ہے اور بیچ والے پیسے دے رہے ہیں۔",
    language: "ur",
  },
  {
    category: "child_exploitation",
    crossesBorder: "no",
    province: "kp",
    district: "peshawar",
    victimCount: 4,
    victimAgeGroup: "child",
    immediateDanger: true,
    description: "Four small children are made to beg at the same crossing every day and an adult takes the money.",
    language: "en",
  },
  {
    category: "migrant_smuggling",
    crossesBorder: "unknown",
    province: "punjab",
    district: "gujrat",
    victimAgeGroup: "adult",
    description: "agent keh raha hai ke Iran aur Turkey ke raaste Greece bhej dega, 8 lakh maang raha hai",
    language: "ur",
  },
  {
    category: "other",
    crossesBorder: "unknown",
    province: "unknown",
    victimAgeGroup: "unknown",
    description: "A girl working as a maid in a house on our street has not been allowed outside for months.",
    language: "en",
  },
];

export async function seedSampleTips(db: Database) {
  if ((await db.tip.count()) > 0) return 0;
  const { routingTable } = await loadDirectory(db);
  for (const [index, input] of sampleTips.entries()) {
    const tip = tipSchema.parse(input);
    // Spread the samples over the past days so the queue and statistics look like real use.
    const when = new Date(Date.now() - (sampleTips.length - index) * 26 * 60 * 60 * 1000);
    const created = await createTip(db, tip, routeTip(tip, routingTable), "web", when);
    if (index === 0) {
      await addTipMessage(
        db,
        created.id,
        "agency",
        "Thank you. Can you tell us when the women are due to travel?",
        new Date(when.getTime() + 3_600_000),
      );
    }
  }
  return sampleTips.length;
}

/**
 * Demo sign-ins for every role and several agencies (listed in the README), all under the reserved domain
 * @aagahi.demo: a server started outside a demo refuses while any exists (app/server/demo-accounts.server.ts).
 */
export { demoPassword };
export const demoStaff = [
  { email: "admin@aagahi.demo", name: "Ayesha Admin", role: "admin", agencyCode: null },
  { email: "coordinator@aagahi.demo", name: "Kamran Coordinator", role: "coordinator", agencyCode: null },
  { email: "punjab.agent@aagahi.demo", name: "Bilal (Punjab Police)", role: "agent", agencyCode: "police-punjab" },
  {
    email: "punjab.supervisor@aagahi.demo",
    name: "Saima (Punjab Police)",
    role: "supervisor",
    agencyCode: "police-punjab",
  },
  { email: "sindh.agent@aagahi.demo", name: "Rashid (Sindh Police)", role: "agent", agencyCode: "police-sindh" },
  { email: "kp.agent@aagahi.demo", name: "Gul (KP Police)", role: "agent", agencyCode: "police-kp" },
  { email: "fia.agent@aagahi.demo", name: "Nadia (FIA)", role: "agent", agencyCode: "fia" },
  { email: "fia.supervisor@aagahi.demo", name: "Imran (FIA)", role: "supervisor", agencyCode: "fia" },
  {
    email: "fia.lahore@aagahi.demo",
    name: "Usman (FIA AHTC Lahore)",
    role: "agent",
    agencyCode: "fia",
    unitCode: "fia-ahtc-lahore",
  },
  { email: "triage.agent@aagahi.demo", name: "Farah (Triage desk)", role: "agent", agencyCode: "triage-desk" },
] as const;

export async function seedDemoStaff(db: Database) {
  let added = 0;
  for (const member of demoStaff) {
    if (await db.staffUser.findUnique({ where: { email: member.email }, select: { id: true } })) continue;
    await createStaffUser(db, {
      ...member,
      password: demoPassword,
      language: member.email.startsWith("punjab") ? "ur" : "en",
    });
    added += 1;
  }
  return added;
}

/**
 * Every agency's duty address for urgent-tip alerts, under @aagahi.demo (docs/decisions/028), so a demo started
 * with SMTP_URL (e.g. a local test mail server) sends alerts at once. An address an admin set is left alone (one cleared comes back at the next demo start).
 */
export async function seedDemoAlertAddresses(db: Database) {
  const agencies = await db.agency.findMany({ where: { alertEmail: null }, select: { code: true } });
  for (const agency of agencies)
    await db.agency.update({ where: { code: agency.code }, data: { alertEmail: `${agency.code}@aagahi.demo` } });
  return agencies.length;
}

async function main() {
  const url = databaseUrl();
  const { db, ready } = createDatabase(url);
  await ready;
  // Several instances may start at once: on PostgreSQL one seeds while the others wait, then find every row
  // there (the checks below are find-then-create; docs/decisions/020).
  await withDatabaseLock(url, advisoryLocks.seed, "seeding", async () => {
    await seedDirectory(db);
    // Sample tips and demo accounts (with a published password) only in a demo, never in a real deployment.
    const demoInstallation = (process.env.NODE_ENV ?? "production") !== "production" || process.env.AAGAHI_DEMO === "1";
    const demo = process.env.DEMO_DATA ? process.env.DEMO_DATA !== "0" && demoInstallation : demoInstallation;
    const added = demo ? await seedSampleTips(db) : 0;
    const staff = demo ? await seedDemoStaff(db) : 0;
    if (demo) await seedDemoAlertAddresses(db);
    console.log(
      `Seeded the directory${added ? `, ${added} sample tips` : ""}${staff ? `, ${staff} demo staff accounts` : ""}.`,
    );
  });
  await db.$disconnect();
}

if (process.argv[1] && /seed\.ts$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error("Seeding failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

export { seedDirectory };
