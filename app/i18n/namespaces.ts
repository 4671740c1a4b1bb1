export const namespaces = [
  "common",
  "home",
  "fake-job-offers",
  "bride-trafficking",
  "bonded-labour",
  "child-trafficking",
  "migrant-smuggling",
  "law",
  "safety",
  "get-help",
  "job-check",
  "report",
  "follow-up",
  "staff",
] as const;

export type Namespace = (typeof namespaces)[number];
export const defaultNamespace: Namespace = "common";
