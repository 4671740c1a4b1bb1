// @ts-check
// Every setting the app reads, checked with zod in one place. Plain JavaScript so the Node.js server
// (server/index.mjs, run by plain Node) can check the environment before it listens, and the app
// (app/server/env.server.ts) can use the same rules. See docs/decisions/010-startup-configuration-check.md.
//
// Messages never repeat a secret's value: they name the variable and what is wrong with it.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { engineOfUrl, projectRoot } from "./database-url.server.mjs";

/** A SQLite file: URL, or a PostgreSQL URL that names a host and a database. @param {string} url */
function isDatabaseUrl(url) {
  const engine = engineOfUrl(url);
  if (engine !== "postgresql") return engine === "sqlite";
  try {
    const parsed = new URL(url);
    return parsed.hostname !== "" && parsed.pathname.length > 1;
  } catch {
    return false;
  }
}

export const defaultQuickExitUrl = "https://www.google.com/search?q=weather";
export const defaultSecretsFile = "data/secrets.json";

/** A 32-byte key, base64: refused when it decodes to another length or is an obvious placeholder. */
export const key32Schema = z
  .string({ message: "must be set" })
  .trim()
  .regex(
    /^[A-Za-z0-9+/_-]+={0,2}$/,
    "must be base64 (generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\")",
  )
  .transform((value) => Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64"))
  .refine((buffer) => buffer.length === 32, "must decode to exactly 32 bytes")
  .refine(
    (buffer) => !buffer.every((byte) => byte === buffer[0]),
    "is a placeholder (every byte the same), not a random key",
  );

/** `id:base64key,id:base64key`: the first encrypts, all decrypt. */
export const encryptionKeyListSchema = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/_=-]+$/, "each entry is id:base64key (id: letters, digits, _ or -)")
          .transform((entry, context) => {
            const separator = entry.indexOf(":");
            const id = entry.slice(0, separator);
            const parsed = key32Schema.safeParse(entry.slice(separator + 1));
            if (!parsed.success) {
              context.addIssue({
                code: z.ZodIssueCode.custom,
                message: `key ${id} ${parsed.error.issues[0]?.message ?? "is invalid"}`,
              });
              return z.NEVER;
            }
            return { id, key: parsed.data };
          }),
      )
      .min(1, "must hold at least one id:base64key")
      .refine((keys) => new Set(keys.map((key) => key.id)).size === keys.length, "key ids must be different"),
  );

/**
 * "0" or "1"; anything else is a typo that should stop the start, not silently mean "on".
 * @param {string} meaning
 */
const flag = (meaning) => z.enum(["0", "1"], { errorMap: () => ({ message: `must be 0 or 1 (${meaning})` }) });

/**
 * 127.0.0.0/8, ::1 or localhost: addresses no other machine can reach.
 * @param {string | undefined} host
 */
export function isLoopbackHost(host) {
  if (!host) return false;
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** @param {string} message */
const httpUrl = (message) =>
  z
    .string()
    .url(message)
    .refine((value) => /^https?:\/\//i.test(value), message);

/**
 * A demo on one machine, or a developer's: the only places for generated keys, sample tips and demo accounts.
 * @param {{ NODE_ENV?: string, AAGAHI_DEMO?: string }} env
 */
export function demoInstallation(env) {
  return (env.NODE_ENV || "production") !== "production" || env.AAGAHI_DEMO === "1";
}

/**
 * A whole number from `min` to `max`, given as text.
 * @param {string} unit @param {number} min @param {number} max
 */
const wholeNumber = (unit, min, max) =>
  z
    .string()
    .regex(/^\d{1,7}$/, `must be a whole number of ${unit}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be from ${min} to ${max}`);

/** Closing outcomes a retention period can be set for; a unit test keeps this equal to app/domain/tip-status.ts. */
export const retentionOutcomes = /** @type {const} */ ([
  "action_taken",
  "referred_elsewhere",
  "insufficient_information",
  "duplicate",
  "not_trafficking",
]);

/** Days kept after a backup is taken (scripts/backup.ts prunes older ones it made). */
export const backupRetentionDaysSchema = wholeNumber("days", 1, 3650).default("30");

/**
 * RETENTION_CONFIG: JSON such as {"deleteAfterDays":{"duplicate":60,"action_taken":730}}. Each outcome left out
 * keeps its default (app/domain/retention.ts); null keeps that outcome's tips until the setting changes.
 */
const retentionConfigSchema = z
  .string()
  .transform((value, context) => {
    try {
      return JSON.parse(value);
    } catch {
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be JSON, e.g. {"deleteAfterDays":{"duplicate":90}}',
      });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .object({
        deleteAfterDays: z
          .object(
            Object.fromEntries(
              retentionOutcomes.map((outcome) => [
                outcome,
                z
                  .number({ message: "must be a whole number of days, or null" })
                  .int("must be a whole number of days")
                  .min(1, "must be at least 1 day")
                  .max(36_500, "must be at most 36500 days")
                  .nullable()
                  .optional(),
              ]),
            ),
          )
          .strict(`has an unknown closing outcome (known: ${retentionOutcomes.join(", ")})`),
      })
      .partial()
      .strict('only "deleteAfterDays" may be set'),
  );

/** SMTP_URL: smtp:// or smtps://, optionally with user:password@. Its value is never repeated in a message. */
const smtpUrlSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "smtp:" || url.protocol === "smtps:") && url.hostname !== "";
  } catch {
    return false;
  }
}, "must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587");

/** A bare e-mail address, as alerts are sent from it. */
const emailAddressSchema = z
  .string()
  .regex(/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/, "must be an e-mail address, e.g. alerts@aagahi.pk");

const rawEnvSchema = z.object({
  NODE_ENV: z
    .enum(["production", "development", "test"], {
      errorMap: () => ({ message: "must be production, development or test" }),
    })
    .default("production"),
  /** Set by `npm start` only: this is a demo on one machine, so generated keys and sample tips are fine. */
  AAGAHI_DEMO: flag("1 allows generated demo keys in production").default("0"),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, "must be a port number")
    .transform(Number)
    .refine((port) => port >= 1 && port <= 65_535, "must be a port number from 1 to 65535")
    .default("3000"),
  /** Address to listen on. Unset: every interface. Behind a reverse proxy or an onion service: 127.0.0.1. */
  HOST: z
    .string()
    .regex(/^(?:[0-9.]+|\[?[0-9a-fA-F:]+\]?|[A-Za-z0-9.-]+)$/, "must be an IP address or host name, e.g. 127.0.0.1")
    .optional(),
  DATABASE_URL: z
    .string()
    .refine(
      isDatabaseUrl,
      "must be a SQLite file: URL (file:./data/aagahi.db) or postgresql://user:password@host:5432/db",
    )
    .default("file:./data/aagahi.db"),
  TIP_ENCRYPTION_KEYS: encryptionKeyListSchema.optional(),
  RECEIPT_KEY: key32Schema.optional(),
  SECRETS_FILE: z.string().min(1).default(defaultSecretsFile),
  /** Sample tips and demo accounts on an empty database: on in a demo unless 0, never outside one. */
  DEMO_DATA: flag("1 adds sample tips to an empty database").optional(),
  LOG_REQUESTS: flag("0 turns the request log off").default("1"),
  /**
   * Tips per connection key per hour, per instance (counted in each process's memory). Behind a reverse proxy,
   * an HTTP load balancer or an onion service every visitor arrives from one address, so this limit becomes the
   * whole instance's: raise it there (docs/threat-model.md). With N instances a client spread over all of them
   * may send up to N times this (docs/decisions/020).
   */
  TIPS_PER_HOUR_PER_CONNECTION: z
    .string()
    .regex(/^\d{1,7}$/, "must be a whole number of tips, e.g. 20")
    .transform(Number)
    .refine((tips) => tips >= 1 && tips <= 1_000_000, "must be from 1 to 1000000")
    .default("20"),
  /**
   * Wrong receipt codes per connection key in 15 minutes: this many are answered at once, then each waits
   * longer (up to WRONG_RECEIPT_MAX_WAIT_SECONDS), and past WRONG_RECEIPTS_BEFORE_REFUSAL a wrong code is refused
   * for a while. The right code always gets in. Per instance: with N instances a guesser spread over all of them
   * gets N times the counts (docs/decisions/020). Behind a reverse proxy, an HTTP load balancer or an onion
   * service every reporter shares one key: raise the counts there (docs/decisions/012, 016). At most 100000: the limiter keeps up to twice
   * this many times per key and reads them on every lookup.
   */
  WRONG_RECEIPTS_BEFORE_WAIT: wholeNumber("wrong codes", 0, 100_000).default("3"),
  WRONG_RECEIPTS_BEFORE_REFUSAL: wholeNumber("wrong codes", 1, 100_000).default("30"),
  WRONG_RECEIPT_MAX_WAIT_SECONDS: wholeNumber("seconds", 0, 60).default("8"),
  /**
   * Wrong staff sign-ins (passwords and two-step codes) per connection key in 15 minutes, per instance; 0 turns
   * it off. Behind a reverse proxy, an HTTP load balancer or an onion service every request comes from one
   * address: set 0 there and rely on the per-account delay (shared by all instances through the database) and
   * the site-wide ceiling (ADR 014, 020).
   */
  STAFF_FAILURES_PER_CONNECTION: wholeNumber("attempts (0 turns it off)", 0, 1_000_000).default("50"),
  /**
   * Wrong staff sign-ins across the whole site in 15 minutes before only attempts with a valid two-step code are
   * checked. Per instance, by purpose: it bounds the password hashes strangers make one process run, so N
   * instances allow N times this in all (docs/decisions/020).
   */
  STAFF_FAILURES_SITE_WIDE: wholeNumber("attempts", 1, 1_000_000).default("1000"),
  /**
   * Reporter-originated times (tips, replies, visits) are stored rounded down to this many minutes, so an exact
   * time cannot be matched to a connection log (docs/threat-model.md). 1 to 1440.
   */
  REPORTER_TIME_STEP_MINUTES: z
    .string()
    .regex(/^\d{1,4}$/, "must be a whole number of minutes, e.g. 60")
    .transform(Number)
    .refine((minutes) => minutes >= 1 && minutes <= 1440, "must be from 1 to 1440 minutes")
    .default("60"),
  /** Retention per closing outcome (docs/decisions/017-data-retention.md); unset: the defaults, which need legal review. */
  RETENTION_CONFIG: retentionConfigSchema.optional(),
  /** A reporter's receipt stops working after this many days without a visit. */
  REPORTER_ACCESS_IDLE_DAYS: wholeNumber("days", 1, 3650).default("90"),
  BACKUP_RETENTION_DAYS: backupRetentionDaysSchema,
  /** Staff cookies without Secure (and so without the __Host- prefix): plain http on a loopback HOST only. */
  INSECURE_COOKIES: flag("1 drops the Secure flag from staff cookies; loopback tests only").default("0"),
  /**
   * The SMS gateway's shared secret (header X-Gateway-Secret). Unset: the SMS webhook answers 404
   * (docs/decisions/027-sms-channel.md).
   */
  SMS_GATEWAY_SECRET: z
    .string()
    .min(16, "must be at least 16 characters (e.g. openssl rand -base64 32)")
    .max(256, "must be at most 256 characters")
    .refine(
      (value) => /^[\x21-\x7e]+$/.test(value),
      "must be visible ASCII characters only (it travels in an HTTP header)",
    )
    .optional(),
  /** The number reporters text, shown on the get-help and report pages; unset: not shown. */
  SMS_NUMBER: z
    .string()
    .regex(/^\+?[0-9][0-9 -]{1,18}[0-9]$/, "must be a phone number or short code, e.g. +92 300 1234567 or 8080")
    .optional(),
  /**
   * WhatsApp Business Cloud API, off unless all four are set (docs/decisions/027): the app secret that signs
   * Meta's posts (X-Hub-Signature-256), the verify token of the subscription, and the access token and phone
   * number id replies are sent with. Meta sees every number and message on this channel.
   */
  WHATSAPP_APP_SECRET: z.string().min(16, "must be the app secret from Meta's app dashboard").max(256).optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().min(16, "must be at least 16 characters").max(256).optional(),
  WHATSAPP_ACCESS_TOKEN: z.string().min(16, "must be an access token from Meta's app dashboard").max(2048).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{5,30}$/, "must be the numeric phone number id from Meta's app dashboard")
    .optional(),
  /** Where replies are sent; tests point it at a fake. */
  WHATSAPP_API_URL: httpUrl("must be an http(s) URL").default("https://graph.facebook.com/v21.0"),
  QUICK_EXIT_URL: httpUrl("must be an http(s) URL").default(defaultQuickExitUrl),
  PUBLIC_ORIGIN: httpUrl("must be an origin such as https://aagahi.pk")
    .refine((value) => {
      try {
        return new URL(value).origin === value.replace(/\/$/, "");
      } catch {
        return false;
      }
    }, "must be an origin only (scheme, host, optional port), e.g. https://aagahi.pk")
    .transform((value) => value.replace(/\/$/, ""))
    .optional(),
  /** The mail server for staff alerts (docs/decisions/028-staff-alerts.md); unset: no alerts are queued or sent. */
  SMTP_URL: smtpUrlSchema.optional(),
  /** The sender of staff alerts; required with SMTP_URL outside a demo. */
  ALERTS_FROM: emailAddressSchema.optional(),
});

export const envSchema = rawEnvSchema
  .superRefine((env, context) => {
    /** @param {string} variable @param {string} message */
    const problem = (variable, message) => context.addIssue({ code: z.ZodIssueCode.custom, path: [variable], message });
    const whatsapp = /** @type {const} */ ([
      "WHATSAPP_APP_SECRET",
      "WHATSAPP_VERIFY_TOKEN",
      "WHATSAPP_ACCESS_TOKEN",
      "WHATSAPP_PHONE_NUMBER_ID",
    ]);
    const whatsappSet = whatsapp.filter((variable) => env[variable] !== undefined);
    if (whatsappSet.length > 0 && whatsappSet.length < whatsapp.length) {
      for (const variable of whatsapp.filter((name) => env[name] === undefined))
        problem(variable, `set all of ${whatsapp.join(", ")} to turn WhatsApp on, or none`);
    }
    if (Boolean(env.TIP_ENCRYPTION_KEYS) !== Boolean(env.RECEIPT_KEY)) {
      problem(
        env.TIP_ENCRYPTION_KEYS ? "RECEIPT_KEY" : "TIP_ENCRYPTION_KEYS",
        "set both TIP_ENCRYPTION_KEYS and RECEIPT_KEY, or neither (demo only)",
      );
    }
    const receiptKey = env.RECEIPT_KEY;
    if (Buffer.isBuffer(receiptKey) && env.TIP_ENCRYPTION_KEYS?.some((entry) => entry?.key?.equals(receiptKey))) {
      problem("RECEIPT_KEY", "must differ from every encryption key");
    }
    if (env.WRONG_RECEIPTS_BEFORE_WAIT > env.WRONG_RECEIPTS_BEFORE_REFUSAL) {
      problem("WRONG_RECEIPTS_BEFORE_WAIT", "must not be more than WRONG_RECEIPTS_BEFORE_REFUSAL");
    }
    if (env.INSECURE_COOKIES === "1" && !isLoopbackHost(env.HOST)) {
      problem(
        "INSECURE_COOKIES",
        "1 is allowed only when HOST is a loopback address (127.0.0.1, ::1 or localhost); staff cookies must be Secure anywhere else",
      );
    }
    if (env.DEMO_DATA === "1" && !demoInstallation(env)) {
      problem(
        "DEMO_DATA",
        "sample tips and demo accounts are only for a demo (AAGAHI_DEMO=1), never a real deployment",
      );
    }
    // An alert's link must reach the staff pages from a mail client: outside a demo nothing can guess the address.
    if (env.SMTP_URL && !demoInstallation(env)) {
      if (!env.ALERTS_FROM)
        problem("ALERTS_FROM", "set the sender of staff alerts (e.g. alerts@aagahi.pk) when SMTP_URL is set");
      if (!env.PUBLIC_ORIGIN)
        problem(
          "PUBLIC_ORIGIN",
          "set the site's origin (e.g. https://aagahi.pk) when SMTP_URL is set: alerts link to the case page",
        );
    }
    // Every instance on one PostgreSQL database must encrypt and hash receipts with the same keys; a keys file
    // generated on one machine is not on the others (docs/decisions/021). Tests make their own keys.
    if (
      engineOfUrl(env.DATABASE_URL) === "postgresql" &&
      env.NODE_ENV !== "test" &&
      demoInstallation(env) &&
      !env.TIP_ENCRYPTION_KEYS
    ) {
      problem("TIP_ENCRYPTION_KEYS", postgresGeneratedKeysRefusal);
    }
    if (env.NODE_ENV === "production" && env.AAGAHI_DEMO !== "1" && !env.TIP_ENCRYPTION_KEYS) {
      problem(
        "TIP_ENCRYPTION_KEYS",
        "production needs TIP_ENCRYPTION_KEYS and RECEIPT_KEY from your secrets store; generated demo keys are refused. " +
          "For a demo on this machine, set AAGAHI_DEMO=1 (npm start does).",
      );
    }
  })
  .transform((env) => ({ ...env, DEMO_DATA: demoInstallation(env) ? (env.DEMO_DATA ?? "1") : "0" }));

/** @typedef {z.output<typeof envSchema>} Env */

/** Printed by every demo start (server/index.mjs), so a demo is never mistaken for a real deployment. */
/**
 * What a demo prints at start. A demo on PostgreSQL takes its keys from the environment (generated keys are
 * refused there, ADR 021), so it must not claim they were generated.
 * @param {{ keysFromEnvironment: boolean }} options
 */
export function demoBanner({ keysFromEnvironment }) {
  return [
    "=".repeat(78),
    keysFromEnvironment
      ? "DEMO: published passwords; not for real tips."
      : "DEMO: published passwords, generated keys; not for real tips.",
    keysFromEnvironment
      ? "  Demo accounts sign in with the password printed in the README; the keys come from the environment."
      : "  Demo accounts sign in with the password printed in the README; the keys sit next to the database.",
    "  For a real deployment: no AAGAHI_DEMO, keys from your secrets store (README, Configuration).",
    "=".repeat(78),
  ].join("\n");
}

/**
 * Unset and empty are the same thing for a setting (`PUBLIC_ORIGIN=` in an env file means "not set").
 * @param {Record<string, string | undefined>} source
 */
function withoutEmpty(source) {
  return Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
}

export class ConfigurationError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(`Invalid environment configuration:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigurationError";
    this.problems = problems;
  }
}

/**
 * Checks the environment and returns the settings, or throws a ConfigurationError listing every problem.
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  const parsed = envSchema.safeParse(withoutEmpty(source));
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  return parsed.data;
}

export const postgresGeneratedKeysRefusal =
  "on PostgreSQL every instance needs the same keys: set TIP_ENCRYPTION_KEYS and RECEIPT_KEY in the environment " +
  "(generated demo keys sit in a file on one machine and cannot be shared between servers)";

/**
 * May this process use the generated demo keys file? Only outside production, or in an explicit demo, and never
 * on PostgreSQL outside the tests (several servers share that database, not the file).
 * @param {Record<string, string | undefined>} source
 */
export function demoSecretsAllowed(source = process.env) {
  if (!demoInstallation(source)) return false;
  return source.NODE_ENV === "test" || engineOfUrl(source.DATABASE_URL || "file:") !== "postgresql";
}

/** @param {Record<string, string | undefined>} [source] */
export function demoSecretsRefusalFor(source = process.env) {
  return demoInstallation(source)
    ? `Refusing the generated demo keys file: ${postgresGeneratedKeysRefusal}.`
    : demoSecretsRefusal;
}

export const demoSecretsRefusal =
  "Refusing the generated demo keys file in production. Set TIP_ENCRYPTION_KEYS and RECEIPT_KEY from your secrets " +
  "store (see README, Configuration), or set AAGAHI_DEMO=1 for a demo on this machine (npm start does).";

/** @param {string | undefined} file */
export function resolveSecretsFile(file) {
  return path.resolve(projectRoot, file || defaultSecretsFile);
}

/**
 * The start-up check: the schema, plus one rule that needs the disk. In production, keys copied from the
 * demo file into the environment are still demo keys (they sat in a plain file next to the database).
 * `production` is `npm run start:production` (docs/decisions/021): never a demo, whatever the environment says.
 * @param {Record<string, string | undefined>} source
 * @param {{ production?: boolean }} [options]
 * @returns {Env}
 */
export function checkStartupEnvironment(source, options = {}) {
  if (options.production) {
    const problems = [];
    if (source.AAGAHI_DEMO === "1")
      problems.push("AAGAHI_DEMO: npm run start:production is never a demo; unset AAGAHI_DEMO (npm start is the demo)");
    if ((source.NODE_ENV || "production") !== "production")
      problems.push("NODE_ENV: npm run start:production runs with NODE_ENV=production only");
    if (problems.length > 0) throw new ConfigurationError(problems);
  }
  const env = parseEnv(source);
  if (env.NODE_ENV === "production" && env.AAGAHI_DEMO !== "1" && env.TIP_ENCRYPTION_KEYS && env.RECEIPT_KEY) {
    const file = resolveSecretsFile(env.SECRETS_FILE);
    if (fs.existsSync(file)) {
      /** @type {{ encryptionKeys?: { key?: unknown }[], receiptKey?: unknown }} */
      let demo = {};
      try {
        demo = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch {
        // An unreadable demo file holds no keys we could compare; nothing to refuse.
      }
      const demoKeys = [...(demo.encryptionKeys ?? []).map((entry) => entry?.key), demo.receiptKey]
        .filter(/** @returns {value is string} */ (value) => typeof value === "string" && value !== "")
        .map((value) => Buffer.from(value, "base64"));
      const configured = [...env.TIP_ENCRYPTION_KEYS.map(({ key }) => key), env.RECEIPT_KEY];
      if (configured.some((key) => demoKeys.some((demoKey) => demoKey.equals(key)))) {
        throw new ConfigurationError([
          `TIP_ENCRYPTION_KEYS/RECEIPT_KEY: a key equals one in the demo keys file ${file}; generate new keys for production`,
        ]);
      }
    }
  }
  return env;
}
