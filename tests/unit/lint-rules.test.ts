// The layer rules in eslint.config.js (ADR 031), run on in-memory code: each must reject a violation and accept
// a legal import, so a regex that stops matching fails here rather than letting `npm run lint` pass silently.
// tests/unit/architecture.test.ts checks the real sources for the same boundaries.
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, test } from "vitest";

const root = path.resolve(__dirname, "../..");
// The layer rules use typescript-eslint's rule; the one-loader rule for app/data the core one (both report here).
const rules = ["@typescript-eslint/no-restricted-imports", "no-restricted-imports"];
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfigFile: path.join(root, "eslint.config.js"),
  });
});

async function restrictionsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const messages = result?.messages ?? [];
  // A parse error or an ignored file would otherwise look like "no violation".
  expect(messages.filter((message) => message.fatal || message.ruleId === null)).toEqual([]);
  return messages.filter((message) => rules.includes(message.ruleId ?? "")).map((message) => message.message);
}

const valueImport = (specifier: string) => `import { thing } from "${specifier}";\nexport const used = thing;\n`;
const typeImport = (specifier: string) => `import type { Thing } from "${specifier}";\nexport type Used = Thing;\n`;

type Case = [file: string, code: string];

const rejected: Record<string, Case[]> = {
  "app/domain imports no models, utilities, routes, components, server code, Node built-ins or database": [
    ["app/domain/probe.ts", valueImport("~/models/tip.server")],
    ["app/domain/probe.ts", valueImport("../models/tip.server")],
    ["app/domain/probe.ts", valueImport("~/utils/forms")],
    ["app/domain/probe.ts", valueImport("../utils/no-store")],
    ["app/domain/probe.ts", valueImport("~/routes/_index")],
    ["app/domain/probe.ts", valueImport("~/components/forms")],
    ["app/domain/probe.ts", valueImport("~/i18n/i18n.server")],
    ["app/domain/probe.ts", valueImport("~/evidence/clean.server")],
    ["app/domain/probe.ts", valueImport("node:fs")],
    ["app/domain/probe.ts", valueImport("fs/promises")],
    ["app/domain/probe.ts", valueImport("crypto")],
    ["app/domain/probe.ts", valueImport("../../generated/prisma/client")],
    ["app/domain/probe.ts", valueImport("@prisma/client")],
    ["app/domain/probe.ts", valueImport("@remix-run/node")],
    ["app/domain/probe.ts", typeImport("~/server/db.server")],
    ["app/domain/probe.ts", typeImport("~/models/staff-case.server")],
    ["app/domain/probe.ts", `export { thing } from "~/models/tip.server";\n`],
    ["app/domain/probe.test.ts", valueImport("~/models/tip.server")],
  ],
  "app/utils and the browser scripts import no server code, models, routes or Node built-ins": [
    ["app/utils/probe.ts", valueImport("~/server/env.server")],
    ["app/utils/probe.ts", valueImport("../server/csv.server")],
    ["app/utils/probe.ts", valueImport("~/models/tip.server")],
    ["app/utils/probe.ts", valueImport("~/routes/staff")],
    ["app/utils/probe.ts", valueImport("node:crypto")],
    ["app/browser-scripts/probe.ts", valueImport("~/server/secrets.server")],
    ["app/utils/probe.mjs", valueImport("~/server/env.server")],
  ],
  "app/data is read only by its loader, app/domain/reference-data.ts": [
    ["app/domain/probe.ts", valueImport("~/data/districts.json")],
    ["app/domain/probe.ts", valueImport("../data/districts.json")],
    ["app/routes/probe.tsx", valueImport("~/data/agencies.json")],
    ["app/models/probe.server.ts", valueImport("~/data/helplines.json")],
    ["tests/unit/probe.test.ts", valueImport("../../app/data/routing-table.json")],
    ["scripts/probe.ts", valueImport("../app/data/identifier-words.json")],
  ],
  "app/utils/*.mjs, shared with the Express server, imports nothing": [
    ["app/utils/probe.mjs", valueImport("./forms")],
    ["app/utils/probe.mjs", valueImport("zod")],
  ],
  "app/components import no server-only modules, models or routes": [
    ["app/components/probe.tsx", valueImport("~/models/tip.server")],
    ["app/components/probe.tsx", valueImport("../models/audit.server")],
    ["app/components/probe.tsx", typeImport("~/models/staff-case.server")],
    ["app/components/probe.tsx", valueImport("~/server/crypto.server")],
    ["app/components/probe.tsx", valueImport("~/i18n/i18n.server")],
    ["app/components/probe.tsx", valueImport("~/server/db.server")],
    ["app/components/probe.tsx", valueImport("~/routes/staff")],
    ["app/components/probe.tsx", valueImport("@remix-run/node")],
    ["app/components/probe.tsx", valueImport("../../generated/prisma/client")],
  ],
  "app/models import no routes or components": [
    ["app/models/probe.server.ts", valueImport("~/routes/staff")],
    ["app/models/probe.server.ts", valueImport("../routes/staff.tips")],
    ["app/models/probe.server.ts", valueImport("~/components/forms")],
  ],
  "routes import no other route": [
    ["app/routes/staff.probe.tsx", valueImport("./staff._index")],
    ["app/routes/staff.probe.tsx", valueImport("~/routes/staff_.login")],
    ["app/routes/staff.probe/route.tsx", valueImport("../staff._index")],
    ["app/routes/staff.probe/route.tsx", valueImport("~/routes/staff.users")],
    ["app/routes/staff.probe/forms.tsx", valueImport("../staff.probe2/route")],
  ],
  "nothing outside app/models imports the database client": [
    ["app/routes/probe.tsx", valueImport("~/server/db.server")],
    ["app/routes/probe.tsx", valueImport("../server/db.server")],
    ["app/routes/staff.probe/route.tsx", valueImport("~/server/db.server")],
    ["app/routes/probe.tsx", valueImport("../../generated/prisma/client")],
    ["app/server/probe.server.ts", valueImport("./db.server")],
    ["app/server/probe.server.ts", valueImport("../../generated/prisma-pg/client")],
    ["app/entry.server.tsx", valueImport("~/server/db.server")],
    ["app/evidence/probe.mjs", valueImport("../server/db.server.ts")],
  ],
};

const accepted: Record<string, Case[]> = {
  "app/domain may import the domain, pure i18n, content, plain libraries, and its loader the data": [
    ["app/domain/probe.ts", valueImport("./tip")],
    ["app/domain/probe.ts", valueImport("~/domain/tip")],
    ["app/domain/probe.ts", valueImport("~/i18n/languages")],
    ["app/domain/probe.ts", valueImport("~/content/pages")],
    ["app/domain/probe.ts", valueImport("./reference-data")],
    ["app/domain/reference-data.ts", valueImport("~/data/districts.json")],
    ["app/domain/probe.ts", valueImport("zod")],
    ["app/domain/probe.test.ts", valueImport("vitest")],
  ],
  "app/components may import the domain, browser-safe utilities and React libraries": [
    ["app/components/probe.tsx", valueImport("~/domain/tip")],
    ["app/components/probe.tsx", valueImport("~/utils/forms")],
    ["app/components/probe.tsx", valueImport("./forms")],
    ["app/components/probe.tsx", valueImport("@remix-run/react")],
    ["app/components/probe.tsx", valueImport("react-i18next")],
    ["app/utils/probe.ts", valueImport("~/domain/tip")],
    ["app/utils/probe.ts", valueImport("./forms")],
    ["app/utils/probe.ts", valueImport("./no-store.mjs")],
    ["server/probe.mjs", valueImport("../app/utils/private-paths.mjs")],
  ],
  "app/models may import the database client, the domain, server utilities and other models": [
    ["app/models/probe.server.ts", valueImport("~/server/db.server")],
    ["app/models/probe.server.ts", valueImport("../../generated/prisma/client")],
    ["app/models/probe.server.ts", valueImport("~/domain/tip")],
    ["app/models/probe.server.ts", valueImport("~/server/crypto.server")],
    ["app/models/probe.server.ts", valueImport("./audit.server")],
  ],
  "a route may import anything but another route, and its own folder's parts": [
    ["app/routes/staff.probe.tsx", valueImport("~/models/staff-case.server")],
    ["app/routes/staff.probe.tsx", valueImport("~/components/forms")],
    ["app/routes/staff.probe.tsx", valueImport("../utils/forms")],
    ["app/routes/staff.probe/route.tsx", valueImport("./case-forms")],
    ["app/routes/staff.probe/route.tsx", valueImport("../../domain/tip")],
  ],
  "outside app/models: model functions, and the database handle's type": [
    ["app/routes/probe.tsx", valueImport("~/models/tip.server")],
    ["app/routes/probe.tsx", typeImport("~/server/db.server")],
    ["app/server/probe.server.ts", typeImport("./db.server")],
    ["app/server/db.server.ts", valueImport("../../generated/prisma/client")],
    ["scripts/probe.ts", valueImport("~/server/db.server")],
    ["tests/unit/probe.test.ts", valueImport("~/server/db.server")],
  ],
};

describe.each(Object.entries(rejected))("%s", (_title, cases) => {
  test.each(cases)("%s rejects %j", async (file, code) => {
    expect(await restrictionsFor(file, code)).not.toEqual([]);
  });
});

describe.each(Object.entries(accepted))("%s", (_title, cases) => {
  test.each(cases)("%s accepts %j", async (file, code) => {
    expect(await restrictionsFor(file, code)).toEqual([]);
  });
});
