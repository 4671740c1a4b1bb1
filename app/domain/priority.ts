// How soon a tip must be handled: its priority from the facts the reporter gave, and the service-level
// deadlines that follow from it. The deadlines are configuration (see parseSlaConfig) so an agency can tighten
// them without a code change; `now` always comes from the caller.
import { z } from "zod";
import type { TipCategory, VictimAgeGroup } from "./tip";
import type { TipStatus } from "./tip-status";

export const priorities = ["urgent", "high", "normal"] as const;
export type Priority = (typeof priorities)[number];

export interface PriorityFacts {
  immediateDanger: boolean;
  victimAgeGroup: VictimAgeGroup;
  /** Optional on the report form: unknown counts as one victim. */
  victimCount?: number | null;
  category: TipCategory;
}

/** Several victims point to an organised operation rather than one exploiter. */
export const severalVictims = 3;

export function priorityOf(facts: PriorityFacts): Priority {
  if (facts.immediateDanger) return "urgent";
  const child = facts.victimAgeGroup === "child" || facts.category === "child_exploitation";
  if (child || (facts.victimCount ?? 1) >= severalVictims) return "high";
  return "normal";
}

export interface SlaConfig {
  acknowledgeWithinHours: Record<Priority, number>;
  actWithinDays: Record<Priority, number>;
  /** Overdue by more than this many times the allowed time: the coordinator is told, not only the supervisor. */
  coordinatorEscalationFactor: number;
}

// Frozen: parseSlaConfig hands this very object out, and a caller changing it would change every deadline.
export const defaultSla: SlaConfig = Object.freeze({
  acknowledgeWithinHours: Object.freeze({ urgent: 4, high: 24, normal: 72 }),
  actWithinDays: Object.freeze({ urgent: 2, high: 7, normal: 14 }),
  coordinatorEscalationFactor: 2,
});

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

const duration = (max: number) => z.number().finite().positive().max(max);
const perPriority = (max: number) =>
  z.object({ urgent: duration(max), high: duration(max), normal: duration(max) }).strict();

const slaConfigSchema = z
  .object({
    acknowledgeWithinHours: perPriority(366 * 24),
    actWithinDays: perPriority(366),
    coordinatorEscalationFactor: z.number().finite().positive().max(100),
  })
  .strict()
  .superRefine((config, context) => {
    // A swapped pair of numbers would quietly give normal tips a tighter deadline than urgent ones.
    for (const key of ["acknowledgeWithinHours", "actWithinDays"] as const) {
      const { urgent, high, normal } = config[key];
      if (!(urgent <= high && high <= normal)) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          path: [key],
          message: "must not grow shorter from urgent to high to normal",
        });
      }
    }
    for (const priority of priorities) {
      if (config.acknowledgeWithinHours[priority] > config.actWithinDays[priority] * 24) {
        context.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["acknowledgeWithinHours", priority],
          message: "must not be longer than the time allowed to act",
        });
      }
    }
  });

/**
 * Reads the SLA from configuration, such as an environment variable holding JSON. Each part may be left out
 * and keeps its default; unknown keys and impossible numbers are refused with an Error naming the problem,
 * so a typo fails at start-up instead of silently changing deadlines. Nothing at all gives the defaults.
 */
export function parseSlaConfig(json: unknown): SlaConfig {
  let value = json;
  if (typeof value === "string") {
    if (value.trim() === "") return defaultSla;
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error("Invalid SLA configuration: not valid JSON");
    }
  }
  if (value === undefined || value === null) return defaultSla;
  if (typeof value !== "object" || Array.isArray(value))
    throw new Error("Invalid SLA configuration: expected an object");
  const given = value as Record<string, unknown>;
  const merged = {
    ...defaultSla,
    ...given,
    acknowledgeWithinHours: mergeRecord(defaultSla.acknowledgeWithinHours, given.acknowledgeWithinHours),
    actWithinDays: mergeRecord(defaultSla.actWithinDays, given.actWithinDays),
  };
  const parsed = slaConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid SLA configuration: ${problems}`);
  }
  return parsed.data;
}

function mergeRecord(defaults: Record<Priority, number>, given: unknown): unknown {
  if (given === undefined) return defaults;
  // Anything but a plain object is left as it is for the schema to refuse.
  return given !== null && typeof given === "object" && !Array.isArray(given) ? { ...defaults, ...given } : given;
}

export interface SlaDeadlines {
  acknowledgeBy: Date;
  actBy: Date;
}

/** Both deadlines count from when the tip arrived: the promise is made to the reporter, not to the desk. */
export function slaDeadlines(createdAt: Date, priority: Priority, config: SlaConfig = defaultSla): SlaDeadlines {
  return {
    acknowledgeBy: new Date(createdAt.getTime() + config.acknowledgeWithinHours[priority] * hourMs),
    actBy: new Date(createdAt.getTime() + config.actWithinDays[priority] * dayMs),
  };
}

export type SlaStage = "acknowledge" | "act" | "done";
export type Escalation = "none" | "supervisor" | "coordinator";

export interface SlaFacts {
  status: TipStatus;
  priority: Priority;
  createdAt: Date;
  /** When the tip was first acknowledged. Not used by the current rules: both deadlines run from createdAt. */
  acknowledgedAt: Date | null;
}

export interface SlaState {
  overdue: boolean;
  stage: SlaStage;
  /** The deadline of the current stage; null once nothing more is due. */
  dueAt: Date | null;
  escalateTo: Escalation;
}

const stageOf: Record<TipStatus, SlaStage> = {
  new: "acknowledge",
  acknowledged: "act",
  under_investigation: "act",
  referred: "act",
  // An FIR hands the case to the criminal process, which has its own clock.
  fir_registered: "done",
  closed: "done",
};

/**
 * Where a tip stands against its deadlines at `now`. Exactly at the deadline is still on time; one
 * millisecond later it is overdue and goes to the supervisor. Overdue by more than the escalation factor
 * times the time the stage allows, it goes to the coordinator as well.
 */
export function slaState(tip: SlaFacts, now: Date, config: SlaConfig = defaultSla): SlaState {
  const stage = stageOf[tip.status];
  if (stage === "done") return { overdue: false, stage, dueAt: null, escalateTo: "none" };
  const deadlines = slaDeadlines(tip.createdAt, tip.priority, config);
  const dueAt = stage === "acknowledge" ? deadlines.acknowledgeBy : deadlines.actBy;
  const allowedMs = dueAt.getTime() - tip.createdAt.getTime();
  const lateByMs = now.getTime() - dueAt.getTime();
  const overdue = lateByMs > 0;
  const escalateTo: Escalation = !overdue
    ? "none"
    : lateByMs > config.coordinatorEscalationFactor * allowedMs
      ? "coordinator"
      : "supervisor";
  return { overdue, stage, dueAt, escalateTo };
}
