// Lets an end-to-end test look at what the server stored, and act as an agency, through the app's own
// model code pointed at the server's database file and secrets.
import { inject } from "vitest";

process.env.DATABASE_URL = `file:${inject("databaseFile")}`;
process.env.SECRETS_FILE = inject("secretsFile");

export async function serverData() {
  const [{ getDb }, tips] = await Promise.all([import("~/server/db.server"), import("~/models/tip.server")]);
  return { db: await getDb(), ...tips };
}
