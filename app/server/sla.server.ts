import { parseSlaConfig, type SlaConfig } from "~/domain/priority";

let cached: SlaConfig | undefined;

/** SLA deadlines from SLA_CONFIG (JSON, any part may be left out), else the defaults in app/domain/priority.ts. */
export function getSlaConfig(): SlaConfig {
  cached ??= parseSlaConfig(process.env.SLA_CONFIG);
  return cached;
}
