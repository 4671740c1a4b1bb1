/**
 * The field order of the page's one error summary (the forms are far apart; one summary lists them all). Not in
 * intents.server.ts: the page renders it, and a *.server module is empty in the browser build.
 */
export const caseErrorFields = [
  "status",
  "message",
  "note",
  "assignee",
  "assign-agency",
  "transfer-agency",
  "reason",
  "postponeDays",
  "postponeReason",
];
