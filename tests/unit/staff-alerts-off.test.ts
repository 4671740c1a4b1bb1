// Without SMTP_URL there are no alerts at all (docs/decisions/028): an urgent tip, an assignment and a reporter's
// message queue nothing, and the sender does nothing.
import "../setup/database";
import { beforeAll, expect, test } from "vitest";
import { action as apiAction } from "~/routes/api.v1.tips";
import { assignCase } from "~/models/staff-case.server";
import { createStaffUser } from "~/models/staff-user.server";
import { addReporterMessage } from "~/models/tip.server";
import { alertsEnabled, requiresTls, runScheduledAlerts } from "~/server/alerts.server";
import { getDb } from "~/server/db.server";
import { seedDirectory } from "../../prisma/seed";

delete process.env.SMTP_URL;

beforeAll(async () => {
  await seedDirectory(await getDb());
});

test("an urgent tip, its assignment and the reporter's reply queue no alert when SMTP_URL is unset", async () => {
  expect(alertsEnabled()).toBe(false);
  const response = await apiAction({
    request: new Request("http://aagahi.test/api/v1/tips", {
      method: "POST",
      body: JSON.stringify({
        category: "bonded_labour",
        description: "Families are held at a kiln.",
        crossesBorder: "no",
        province: "sindh",
        immediateDanger: true,
      }),
      headers: { "Content-Type": "application/json" },
    }),
    params: {},
    context: { clientKey: "alerts-off" },
  } as never);
  expect(response.status).toBe(201);
  const db = await getDb();
  const tip = await db.tip.findUniqueOrThrow({
    where: { reference: ((await response.json()) as { reference: string }).reference },
  });
  expect(tip.immediateDanger).toBe(true);
  const supervisor = await createStaffUser(db, {
    email: "s@police.test",
    name: "S",
    password: "not-used-here-1234",
    role: "supervisor",
    agencyCode: "police-sindh",
  });
  const agent = await createStaffUser(db, {
    email: "a@police.test",
    name: "A",
    password: "not-used-here-1234",
    role: "agent",
    agencyCode: "police-sindh",
  });
  await db.staffUser.update({
    where: { id: agent.id },
    data: { alertUrgent: true, alertAssigned: true, alertMessages: true },
  });
  await assignCase(
    { ...supervisor, role: "supervisor", agencyCode: "police-sindh", unitCode: null },
    tip.id,
    { agencyCode: tip.agencyCode, unitCode: tip.unitCode, status: "new" },
    agent.id,
  );
  await addReporterMessage(tip.id, "A reply.");
  expect(await db.alertOutbox.count()).toBe(0);
  expect(await runScheduledAlerts()).toBeNull();
});

test.each([
  ["smtp://mail.fia.gov.pk:587", true],
  ["smtp://user:secret@mail.example.org", true],
  ["smtps://mail.example.org:465", false],
  ["smtp://localhost:2525", false],
  ["smtp://127.0.0.1:25", false],
])(
  "a mail server at %s must upgrade with STARTTLS: %s (a network cannot strip it and read references)",
  (url, required) => {
    expect(requiresTls(url)).toBe(required);
  },
);
