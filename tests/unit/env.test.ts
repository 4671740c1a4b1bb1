// The start-up configuration check (docs/decisions/010): every setting is validated, every problem is named
// at once, secrets are never echoed, and production refuses generated demo keys unless AAGAHI_DEMO=1.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { ConfigurationError, checkStartupEnvironment, parseEnv } from "~/server/env.server";
import { describeDatabase } from "~/server/database-url.server.mjs";
import { defaultQuickExitUrl } from "~/utils/quick-exit";
import { getSecrets, resetSecretsCache } from "~/server/secrets.server";

const root = path.resolve(__dirname, "../..");
const randomKey = () => crypto.randomBytes(32).toString("base64");
const realKeys = () => ({ TIP_ENCRYPTION_KEYS: `k2026:${randomKey()}`, RECEIPT_KEY: randomKey() });

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe("the environment schema", () => {
  test("an empty environment outside production gives the documented defaults", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/aagahi.db",
      SECRETS_FILE: "data/secrets.json",
      LOG_REQUESTS: "1",
      DEMO_DATA: "1",
      AAGAHI_DEMO: "0",
      QUICK_EXIT_URL: defaultQuickExitUrl,
    });
    expect(env.PUBLIC_ORIGIN).toBeUndefined();
    expect(env.TIP_ENCRYPTION_KEYS).toBeUndefined();
  });

  test("NODE_ENV defaults to production, which then needs real keys", () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TIP_ENCRYPTION_KEYS: production needs TIP_ENCRYPTION_KEYS and RECEIPT_KEY/);
    expect(problems[0]).toContain("AAGAHI_DEMO=1");
  });

  test("AAGAHI_DEMO=1 allows a production demo with generated keys and sample tips", () => {
    expect(parseEnv({ NODE_ENV: "production", AAGAHI_DEMO: "1" })).toMatchObject({ AAGAHI_DEMO: "1", DEMO_DATA: "1" });
  });

  test("production with real keys starts without sample tips, and refuses to be given them", () => {
    const env = parseEnv({ NODE_ENV: "production", ...realKeys() });
    expect(env.DEMO_DATA).toBe("0");
    expect(env.TIP_ENCRYPTION_KEYS?.[0]?.id).toBe("k2026");
    expect(env.TIP_ENCRYPTION_KEYS?.[0]?.key).toHaveLength(32);
    expect(problemsOf({ NODE_ENV: "production", DEMO_DATA: "1", ...realKeys() })).toEqual([
      expect.stringMatching(/^DEMO_DATA: sample tips and demo accounts are only for a demo/),
    ]);
    expect(parseEnv({ NODE_ENV: "production", AAGAHI_DEMO: "1", DEMO_DATA: "0" }).DEMO_DATA).toBe("0");
  });

  test("every problem is reported at once, named by its variable", () => {
    const problems = problemsOf({
      NODE_ENV: "staging",
      PORT: "30OO",
      LOG_REQUESTS: "true",
      DEMO_DATA: "yes",
      AAGAHI_DEMO: "on",
      QUICK_EXIT_URL: "javascript:alert(1)",
      PUBLIC_ORIGIN: "https://aagahi.pk/ur/report",
      DATABASE_URL: "mysql://db/aagahi",
      TIPS_PER_HOUR_PER_CONNECTION: "lots",
    });
    const variables = problems.map((problem) => problem.split(":")[0]);
    expect(variables.sort()).toEqual(
      [
        "AAGAHI_DEMO",
        "DATABASE_URL",
        "DEMO_DATA",
        "LOG_REQUESTS",
        "NODE_ENV",
        "PORT",
        "PUBLIC_ORIGIN",
        "QUICK_EXIT_URL",
        "TIPS_PER_HOUR_PER_CONNECTION",
      ].sort(),
    );
  });

  test("the SMS settings are optional and checked, and a refused secret is never echoed", () => {
    const env = parseEnv({ NODE_ENV: "test" });
    expect(env.SMS_GATEWAY_SECRET).toBeUndefined();
    expect(env.SMS_NUMBER).toBeUndefined();
    expect(
      parseEnv({ NODE_ENV: "test", SMS_GATEWAY_SECRET: "a-long-gateway-secret", SMS_NUMBER: "+92 300 1234567" }),
    ).toMatchObject({
      SMS_GATEWAY_SECRET: "a-long-gateway-secret",
      SMS_NUMBER: "+92 300 1234567",
    });
    expect(parseEnv({ NODE_ENV: "test", SMS_NUMBER: "8080" }).SMS_NUMBER).toBe("8080");
    const problems = problemsOf({ NODE_ENV: "test", SMS_GATEWAY_SECRET: "short-secret", SMS_NUMBER: "call us" });
    expect(problems.map((problem) => problem.split(":")[0]).sort()).toEqual(["SMS_GATEWAY_SECRET", "SMS_NUMBER"]);
    expect(problems.join("\n")).not.toContain("short-secret");
    expect(problemsOf({ NODE_ENV: "test", SMS_GATEWAY_SECRET: "with a space in it!" })).toEqual([
      expect.stringMatching(/^SMS_GATEWAY_SECRET: /),
    ]);
  });

  test.each([
    ["0", "port 0"],
    ["65536", "a port above 65535"],
    ["-1", "a negative port"],
  ])("PORT=%s is refused (%s)", (port) => {
    expect(problemsOf({ NODE_ENV: "test", PORT: port })).toEqual([expect.stringMatching(/^PORT: /)]);
  });

  test("an empty variable means unset, as in an env file", () => {
    const env = parseEnv({ NODE_ENV: "test", PUBLIC_ORIGIN: "", PORT: "", TIP_ENCRYPTION_KEYS: "", RECEIPT_KEY: "" });
    expect(env.PUBLIC_ORIGIN).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  test("HOST takes an address or a host name, for listening on loopback behind a proxy", () => {
    expect(parseEnv({ NODE_ENV: "test", HOST: "127.0.0.1" }).HOST).toBe("127.0.0.1");
    expect(parseEnv({ NODE_ENV: "test", HOST: "::1" }).HOST).toBe("::1");
    expect(parseEnv({ NODE_ENV: "test" }).HOST).toBeUndefined();
    expect(problemsOf({ NODE_ENV: "test", HOST: "127.0.0.1; rm -rf /" })).toEqual([expect.stringMatching(/^HOST: /)]);
  });

  test("DATABASE_URL chooses the engine: a SQLite file: URL or a PostgreSQL URL with a host and a database", () => {
    expect(
      parseEnv({ NODE_ENV: "test", DATABASE_URL: "postgresql://aagahi:secret@db.internal:5432/aagahi" }).DATABASE_URL,
    ).toBe("postgresql://aagahi:secret@db.internal:5432/aagahi");
    expect(parseEnv({ NODE_ENV: "test", DATABASE_URL: "postgres://db/aagahi" }).DATABASE_URL).toBe(
      "postgres://db/aagahi",
    );
    for (const url of ["mysql://db/aagahi", "postgres://db", "postgresql:///aagahi", "./data/aagahi.db"]) {
      expect(problemsOf({ NODE_ENV: "test", DATABASE_URL: url }), url).toEqual([
        expect.stringMatching(/^DATABASE_URL: /),
      ]);
    }
  });

  test("alerts by e-mail: an smtp(s) URL, and outside a demo a sender and the site's origin for the links", () => {
    expect(parseEnv({ NODE_ENV: "test" }).SMTP_URL).toBeUndefined();
    expect(parseEnv({ NODE_ENV: "test", SMTP_URL: "smtp://127.0.0.1:2525" }).SMTP_URL).toBe("smtp://127.0.0.1:2525");
    const secret = "s3cret-password";
    const refused = problemsOf({
      NODE_ENV: "test",
      SMTP_URL: `http://user:${secret}@mail.example.org`,
      ALERTS_FROM: "Aagahi alerts",
    });
    expect(refused).toEqual([
      expect.stringMatching(/^SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/),
      expect.stringMatching(/^ALERTS_FROM: must be an e-mail address/),
    ]);
    expect(refused.join("\n")).not.toContain(secret);
    expect(problemsOf({ NODE_ENV: "production", ...realKeys(), SMTP_URL: "smtps://u:p@mail.example.org:465" })).toEqual(
      [
        expect.stringMatching(/^ALERTS_FROM: set the sender/),
        expect.stringMatching(/^PUBLIC_ORIGIN: set the site's origin/),
      ],
    );
    const env = parseEnv({
      NODE_ENV: "production",
      ...realKeys(),
      SMTP_URL: "smtps://u:p@mail.example.org:465",
      ALERTS_FROM: "alerts@aagahi.pk",
      PUBLIC_ORIGIN: "https://aagahi.pk",
    });
    expect(env).toMatchObject({ SMTP_URL: "smtps://u:p@mail.example.org:465", ALERTS_FROM: "alerts@aagahi.pk" });
  });

  test("a public origin loses a trailing slash", () => {
    expect(parseEnv({ NODE_ENV: "test", PUBLIC_ORIGIN: "https://aagahi.pk/" }).PUBLIC_ORIGIN).toBe("https://aagahi.pk");
  });

  test("the quick-exit default is the same in the schema and in the page code", () => {
    expect(parseEnv({ NODE_ENV: "test" }).QUICK_EXIT_URL).toBe(defaultQuickExitUrl);
  });
});

describe("keys in the environment", () => {
  const shortKey = crypto.randomBytes(16).toString("base64");
  const zeroKey = Buffer.alloc(32).toString("base64");
  test.each<[string, Record<string, string>, RegExp]>([
    ["only one of the pair", { TIP_ENCRYPTION_KEYS: `a:${randomKey()}` }, /^RECEIPT_KEY: set both/],
    [
      "a 16-byte key",
      { TIP_ENCRYPTION_KEYS: `a:${shortKey}`, RECEIPT_KEY: randomKey() },
      /key a must decode to exactly 32 bytes/,
    ],
    [
      "an all-zero placeholder",
      { TIP_ENCRYPTION_KEYS: `a:${randomKey()}`, RECEIPT_KEY: zeroKey },
      /^RECEIPT_KEY: is a placeholder/,
    ],
    [
      "a key without an id",
      { TIP_ENCRYPTION_KEYS: randomKey(), RECEIPT_KEY: randomKey() },
      /each entry is id:base64key/,
    ],
    [
      "two keys with one id",
      { TIP_ENCRYPTION_KEYS: `a:${randomKey()},a:${randomKey()}`, RECEIPT_KEY: randomKey() },
      /key ids must be different/,
    ],
    [
      "not base64",
      { TIP_ENCRYPTION_KEYS: `a:${randomKey()}`, RECEIPT_KEY: "not base64 at all!" },
      /^RECEIPT_KEY: must be base64/,
    ],
  ])("%s is refused with a message that does not repeat the key", (_, keys, message) => {
    const problems = problemsOf({ NODE_ENV: "production", ...keys });
    expect(problems.join("\n")).toMatch(message);
    for (const value of Object.values(keys)) {
      for (const part of value.split(/[,:]/).filter((piece) => piece.length > 8))
        expect(problems.join("\n")).not.toContain(part);
    }
  });

  test("the receipt key must not also be an encryption key", () => {
    const key = randomKey();
    expect(problemsOf({ NODE_ENV: "production", TIP_ENCRYPTION_KEYS: `a:${key}`, RECEIPT_KEY: key })).toEqual([
      "RECEIPT_KEY: must differ from every encryption key",
    ]);
  });

  test("URL-safe base64 keys are accepted too", () => {
    const key = crypto.randomBytes(32);
    const env = parseEnv({
      NODE_ENV: "production",
      TIP_ENCRYPTION_KEYS: `a:${key.toString("base64url")}`,
      RECEIPT_KEY: randomKey(),
    });
    expect(env.TIP_ENCRYPTION_KEYS?.[0]?.key.equals(key)).toBe(true);
  });
});

describe("demo keys in production", () => {
  const saved = { ...process.env };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-env-"));
  afterEach(() => {
    for (const name of ["NODE_ENV", "AAGAHI_DEMO", "SECRETS_FILE", "TIP_ENCRYPTION_KEYS", "RECEIPT_KEY"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetSecretsCache();
  });

  test("the app refuses to generate or read the demo keys file in production without AAGAHI_DEMO", () => {
    const file = path.join(dir, "refused.json");
    Object.assign(process.env, { NODE_ENV: "production", SECRETS_FILE: file });
    delete process.env.AAGAHI_DEMO;
    delete process.env.TIP_ENCRYPTION_KEYS;
    delete process.env.RECEIPT_KEY;
    resetSecretsCache();
    expect(() => getSecrets()).toThrow(/Refusing the generated demo keys file in production.*AAGAHI_DEMO=1/);
    expect(fs.existsSync(file)).toBe(false);

    // An existing demo file is refused the same way.
    process.env.AAGAHI_DEMO = "1";
    resetSecretsCache();
    expect(getSecrets().origin).toBe("generated-file");
    delete process.env.AAGAHI_DEMO;
    resetSecretsCache();
    expect(() => getSecrets()).toThrow(/Refusing the generated demo keys file/);
  });

  test("production with keys from the environment uses them", () => {
    Object.assign(process.env, { NODE_ENV: "production", SECRETS_FILE: path.join(dir, "unused.json"), ...realKeys() });
    delete process.env.AAGAHI_DEMO;
    resetSecretsCache();
    expect(getSecrets().origin).toBe("environment");
    expect(fs.existsSync(path.join(dir, "unused.json"))).toBe(false);
  });

  test("keys copied from the demo file into the environment are refused at start-up", () => {
    const file = path.join(dir, "copied.json");
    const demo = { encryptionKeys: [{ id: "k1", key: randomKey() }], receiptKey: randomKey() };
    fs.writeFileSync(file, JSON.stringify(demo));
    const copied = {
      NODE_ENV: "production",
      SECRETS_FILE: file,
      TIP_ENCRYPTION_KEYS: `k1:${demo.encryptionKeys[0]!.key}`,
      RECEIPT_KEY: randomKey(),
    };
    expect(() => checkStartupEnvironment(copied)).toThrow(/a key equals one in the demo keys file/);
    expect(() => checkStartupEnvironment({ ...copied, TIP_ENCRYPTION_KEYS: `k1:${randomKey()}` })).not.toThrow();
    expect(() => checkStartupEnvironment({ ...copied, AAGAHI_DEMO: "1" })).not.toThrow();
  });
});

describe("PostgreSQL and npm run start:production (docs/decisions/021)", () => {
  const postgresUrl = "postgresql://aagahi:pg-secret-9931@db.internal:5432/aagahi";
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of [
      "NODE_ENV",
      "AAGAHI_DEMO",
      "SECRETS_FILE",
      "TIP_ENCRYPTION_KEYS",
      "RECEIPT_KEY",
      "DATABASE_URL",
    ]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetSecretsCache();
  });

  test("a demo on PostgreSQL needs its keys in the environment: generated keys cannot be shared between servers", () => {
    for (const source of [
      { NODE_ENV: "production", AAGAHI_DEMO: "1", DATABASE_URL: postgresUrl },
      { NODE_ENV: "development", DATABASE_URL: postgresUrl },
    ]) {
      expect(problemsOf(source)).toEqual([
        expect.stringMatching(/^TIP_ENCRYPTION_KEYS: on PostgreSQL every instance needs the same keys/),
      ]);
      expect(parseEnv({ ...source, ...realKeys() }).TIP_ENCRYPTION_KEYS).toHaveLength(1);
    }
    // The same demo on SQLite (one machine) keeps its generated keys; the tests make their own on either engine.
    expect(problemsOf({ NODE_ENV: "production", AAGAHI_DEMO: "1" })).toEqual([]);
    expect(problemsOf({ NODE_ENV: "test", DATABASE_URL: postgresUrl })).toEqual([]);
  });

  test("the app refuses the generated keys file on PostgreSQL outside the tests, and never writes one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aagahi-env-pg-"));
    const file = path.join(dir, "secrets.json");
    Object.assign(process.env, {
      NODE_ENV: "production",
      AAGAHI_DEMO: "1",
      SECRETS_FILE: file,
      DATABASE_URL: postgresUrl,
    });
    delete process.env.TIP_ENCRYPTION_KEYS;
    delete process.env.RECEIPT_KEY;
    resetSecretsCache();
    expect(() => getSecrets()).toThrow(
      /Refusing the generated demo keys file: on PostgreSQL every instance needs the same keys/,
    );
    expect(fs.existsSync(file)).toBe(false);
    Object.assign(process.env, realKeys());
    resetSecretsCache();
    expect(getSecrets().origin).toBe("environment");
  });

  test("start:production is never a demo: AAGAHI_DEMO, another NODE_ENV or missing keys stop it", () => {
    const problems = (source: Record<string, string>) => {
      try {
        checkStartupEnvironment(source, { production: true });
      } catch (error) {
        if (error instanceof ConfigurationError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems({ NODE_ENV: "production", AAGAHI_DEMO: "1", ...realKeys() })).toEqual([
      expect.stringMatching(/^AAGAHI_DEMO: npm run start:production is never a demo/),
    ]);
    expect(problems({ NODE_ENV: "development", ...realKeys() })).toEqual([
      expect.stringMatching(/^NODE_ENV: npm run start:production runs with NODE_ENV=production only/),
    ]);
    expect(problems({ NODE_ENV: "production" })).toEqual([
      expect.stringMatching(/^TIP_ENCRYPTION_KEYS: production needs/),
    ]);
    expect(problems({ NODE_ENV: "production", DATABASE_URL: postgresUrl, ...realKeys() })).toEqual([]);
    // Without the flag, AAGAHI_DEMO=1 is the demo `npm start` runs.
    expect(() => checkStartupEnvironment({ NODE_ENV: "production", AAGAHI_DEMO: "1" })).not.toThrow();
  });

  test("the database a server uses is described by engine and place, never with its user or password", () => {
    expect(describeDatabase(postgresUrl)).toBe("PostgreSQL on db.internal:5432, database aagahi");
    expect(describeDatabase("postgres://aagahi:p%40ss@10.0.0.5/reports")).toBe(
      "PostgreSQL on 10.0.0.5, database reports",
    );
    expect(describeDatabase("file:/srv/aagahi/data/aagahi.db")).toBe("SQLite, file /srv/aagahi/data/aagahi.db");
    expect(describeDatabase("file:./data/aagahi.db")).toBe(`SQLite, file ${path.join(root, "data/aagahi.db")}`);
  });
});

describe("the server", () => {
  const start = (env: { NODE_ENV: string } & Record<string, string>) =>
    spawnSync(process.execPath, ["server/index.mjs"], {
      cwd: root,
      // PATH only: nothing from this shell (a stray key or AAGAHI_DEMO) may change the verdict.
      env: { PATH: process.env.PATH ?? "", PORT: "1", ...env } as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 20_000,
    });

  test("refuses to start in production with demo keys, and says what to do", () => {
    const result = start({ NODE_ENV: "production", PORT: "3000" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("TIP_ENCRYPTION_KEYS: production needs TIP_ENCRYPTION_KEYS and RECEIPT_KEY");
    expect(result.stderr).toContain("AAGAHI_DEMO=1");
    expect(result.stderr).toContain("Aagahi did not start.");
    expect(result.stdout).not.toContain("listening");
  });

  test("refuses a typo before listening, without echoing a secret", () => {
    const leaked = crypto.randomBytes(20).toString("base64");
    const result = start({
      NODE_ENV: "production",
      PORT: "http",
      TIP_ENCRYPTION_KEYS: `k:${leaked}`,
      RECEIPT_KEY: randomKey(),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PORT: must be a port number/);
    expect(result.stderr).toMatch(/key k must decode to exactly 32 bytes/);
    expect(result.stderr).not.toContain(leaked);
  });
});

test("the tip limit per connection is 20 an hour unless configured (raised behind a proxy or Tor)", () => {
  expect(parseEnv({ AAGAHI_DEMO: "1" }).TIPS_PER_HOUR_PER_CONNECTION).toBe(20);
  expect(parseEnv({ AAGAHI_DEMO: "1", TIPS_PER_HOUR_PER_CONNECTION: "2000" }).TIPS_PER_HOUR_PER_CONNECTION).toBe(2000);
  for (const bad of ["0", "-5", "1.5", "20 tips", "99999999"]) {
    expect(() => parseEnv({ AAGAHI_DEMO: "1", TIPS_PER_HOUR_PER_CONNECTION: bad }), bad).toThrow(
      /TIPS_PER_HOUR_PER_CONNECTION/,
    );
  }
});

describe("retention settings (docs/decisions/017)", () => {
  test("the closing outcomes RETENTION_CONFIG accepts are exactly the workflow's", async () => {
    const { retentionOutcomes } = await import("~/server/env-schema.server.mjs");
    const { closeOutcomes } = await import("~/domain/tip-status");
    expect([...retentionOutcomes].sort()).toEqual([...closeOutcomes].sort());
  });

  test("unset: the defaults; set: checked JSON, whole days or null per outcome", () => {
    const defaults = parseEnv({ NODE_ENV: "development" });
    expect(defaults).toMatchObject({ REPORTER_ACCESS_IDLE_DAYS: 90, BACKUP_RETENTION_DAYS: 30 });
    expect(defaults.RETENTION_CONFIG).toBeUndefined();
    const set = parseEnv({
      NODE_ENV: "development",
      RETENTION_CONFIG: '{"deleteAfterDays":{"duplicate":30,"action_taken":null}}',
      REPORTER_ACCESS_IDLE_DAYS: "60",
    });
    expect(set.RETENTION_CONFIG).toEqual({ deleteAfterDays: { duplicate: 30, action_taken: null } });
    expect(set.REPORTER_ACCESS_IDLE_DAYS).toBe(60);
  });

  test.each([
    ["not JSON", "{duplicate: 30}", /RETENTION_CONFIG: must be JSON/],
    [
      "an unknown outcome",
      '{"deleteAfterDays":{"dupe":30}}',
      /RETENTION_CONFIG.deleteAfterDays: has an unknown closing outcome/,
    ],
    [
      "zero days",
      '{"deleteAfterDays":{"duplicate":0}}',
      /RETENTION_CONFIG.deleteAfterDays.duplicate: must be at least 1 day/,
    ],
    [
      "days as text",
      '{"deleteAfterDays":{"duplicate":"90"}}',
      /RETENTION_CONFIG.deleteAfterDays.duplicate: must be a whole number of days, or null/,
    ],
    ["an unknown key", '{"keepForever":true}', /RETENTION_CONFIG: only "deleteAfterDays" may be set/],
  ])("RETENTION_CONFIG with %s is refused with a message naming it", (_, value, message) => {
    expect(problemsOf({ NODE_ENV: "development", RETENTION_CONFIG: value }).join("\n")).toMatch(message);
  });

  test("idle days and backup days must be whole days of at least one", () => {
    expect(
      problemsOf({ NODE_ENV: "development", REPORTER_ACCESS_IDLE_DAYS: "0", BACKUP_RETENTION_DAYS: "two" }),
    ).toEqual([
      "REPORTER_ACCESS_IDLE_DAYS: must be from 1 to 3650",
      "BACKUP_RETENTION_DAYS: must be a whole number of days",
    ]);
  });
});

test("the demo banner says where the keys come from: generated on SQLite, the environment on PostgreSQL", async () => {
  const { demoBanner } = await import("../../app/server/env-schema.server.mjs");
  expect(demoBanner({ keysFromEnvironment: false })).toContain("generated keys");
  expect(demoBanner({ keysFromEnvironment: true })).not.toContain("generated");
  expect(demoBanner({ keysFromEnvironment: true })).toContain("the keys come from the environment");
  for (const keysFromEnvironment of [true, false])
    expect(demoBanner({ keysFromEnvironment })).toContain("not for real tips");
});
