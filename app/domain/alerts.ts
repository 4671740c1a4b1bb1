// Alerts by e-mail to staff (docs/decisions/028-staff-alerts.md): which events alert whom, when a failed send is
// tried again, and what an alert says. An alert never carries tip content: the case reference, the kind of
// event, the agency and a link to the case page (which needs sign-in), nothing else.
import { z } from "zod";
import { slaState, type Escalation, type SlaConfig, type SlaFacts } from "./priority";

export const alertKinds = [
  "urgent_tip",
  "assigned",
  "reporter_message",
  "overdue_supervisor",
  "overdue_coordinator",
] as const;
export type AlertKind = (typeof alertKinds)[number];

export function isAlertKind(value: unknown): value is AlertKind {
  return typeof value === "string" && (alertKinds as readonly string[]).includes(value);
}

/** ur or en for a staff member's own alerts; duty addresses are read by whoever is on duty, so they get both. */
export type AlertLanguage = "ur" | "en" | "both";

/** The first retry waits this long; each later one twice as long as the one before, up to maxRetryDelayMs. */
export const firstRetryDelayMs = 30_000;
export const maxRetryDelayMs = 60 * 60 * 1000;
/** After this many failed attempts (about a day of tries) a delivery is given up and stays visible as failed. */
export const maxAttempts = 30;

/** How long to wait after the `attempts`-th failed attempt (1, 2, ...): exponential backoff with a ceiling. */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(firstRetryDelayMs * 2 ** exponent, maxRetryDelayMs);
}

/** The escalation alerts a tip is due at `now`: the supervisor's once overdue, and the coordinator's later on. */
export function dueEscalations(
  tip: SlaFacts,
  now: Date,
  config: SlaConfig,
): { stage: "acknowledge" | "act"; levels: Exclude<Escalation, "none">[] } | null {
  const state = slaState(tip, now, config);
  if (state.escalateTo === "none" || state.stage === "done") return null;
  return {
    stage: state.stage,
    levels: state.escalateTo === "coordinator" ? ["supervisor", "coordinator"] : ["supervisor"],
  };
}

/** Which staff preference an event answers to; null: not a matter of preference (duty addresses, escalations). */
export function preferenceFor(kind: AlertKind): "alertUrgent" | "alertAssigned" | "alertMessages" | null {
  if (kind === "urgent_tip") return "alertUrgent";
  if (kind === "assigned") return "alertAssigned";
  if (kind === "reporter_message") return "alertMessages";
  return null;
}

/** A duty address as admins type it on the directory page: empty clears it. */
export const alertAddressSchema = z
  .string()
  .trim()
  .max(254, { message: "directory.errors.alertEmail" })
  .refine((value) => value === "" || /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/.test(value), {
    message: "directory.errors.alertEmail",
  })
  .transform((value) => (value === "" ? null : value.toLowerCase()));

export const alertEmailFormSchema = z.object({
  code: z.string().min(1).max(100),
  alertEmail: alertAddressSchema,
});

/** My account: which alerts a staff member wants, and in which language. Checkboxes send "on" or nothing. */
export const alertPreferencesSchema = z.object({
  alertUrgent: z.boolean(),
  alertAssigned: z.boolean(),
  alertMessages: z.boolean(),
  alertLanguage: z.enum(["ur", "en"], { message: "account.alerts.errors.language" }),
});
export type AlertPreferences = z.infer<typeof alertPreferencesSchema>;

/** What an alert says, in one language. `text(key)` looks up the translated words (locales/<lang>/staff.json). */
export interface AlertFacts {
  kind: AlertKind;
  reference: string;
  agencyName: string;
  link: string;
}

type Translate = (key: string, values?: Record<string, string>) => string;

/** The subject and plain-text body of an alert in one or both languages (Urdu first: the default language). */
export function composeAlert(
  facts: { kind: AlertKind; reference: string; agencyName: { ur: string; en: string }; link: string },
  language: AlertLanguage,
  translate: { ur: Translate; en: Translate },
) {
  const languages = language === "both" ? (["ur", "en"] as const) : ([language] as const);
  const part = (lang: "ur" | "en") => {
    const t = translate[lang];
    const values = { reference: facts.reference, agency: facts.agencyName[lang], link: facts.link };
    return {
      subject: t(`alerts.email.subject.${facts.kind}`, values),
      body: [
        t(`alerts.email.body.${facts.kind}`, values),
        "",
        t("alerts.email.link", values),
        facts.link,
        "",
        t("alerts.email.footer"),
      ].join("\n"),
    };
  };
  const parts = languages.map(part);
  return {
    subject: parts.map((p) => p.subject).join(" / "),
    text: `${parts.map((p) => p.body).join("\n\n----\n\n")}\n`,
  };
}
