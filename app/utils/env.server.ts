import { z } from "zod";
import { defaultQuickExitUrl } from "./quick-exit";

// Configuration is read once and checked at start-up, so a typo fails loudly instead of at the first request.
const envSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  /** Where the quick-exit control sends people: a harmless, busy site. */
  QUICK_EXIT_URL: z.string().url().default(defaultQuickExitUrl),
  /** Absolute origin used in share links, e.g. https://aagahi.pk. Defaults to the request's origin. */
  PUBLIC_ORIGIN: z.string().url().optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
      throw new Error(`Invalid environment configuration: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}
