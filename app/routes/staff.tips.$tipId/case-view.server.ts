import { districtName } from "~/domain/reference-data";
import { can } from "~/domain/permissions";
import { deletionDueAt, isDeletionDueSoon, mayPostponeDeletion } from "~/domain/retention";
import { allowedTransitions, type TipStatus } from "~/domain/tip-status";
import { pakistanDate, regionNames } from "~/i18n/languages";
import { timeFormats } from "~/server/reporter-time.server";
import { openCase, type CaseFacts } from "~/models/staff-case.server";
import { getRetentionPolicy } from "~/server/retention.server";
import { destinationPlacesOf } from "~/server/staff-page.server";
import type { StaffUser } from "~/server/staff-session.server";

/**
 * What the case page shows of a tip the caller may read (the loader checked it): its facts in the staff
 * member's language and time zone, and which forms they may use.
 */
export async function casePageData(user: StaffUser, tipId: string, facts: CaseFacts, done: string | null) {
  const { tip, retention, linked, evidence, directory, triageDesk, assignable, triageChoices } = await openCase(
    user,
    tipId,
    facts,
  );
  const lang = user.language;
  const when = timeFormats(lang);
  const regions = regionNames(lang);
  const { agencyName, unitName } = directory;
  const policy = getRetentionPolicy();
  const deletionOn = deletionDueAt(retention, policy);
  return {
    title: tip.reference,
    done,
    tip: {
      ...tip,
      createdAt: when.reporter.format(tip.createdAt),
      country: tip.country ? regions.of(tip.country) : null,
      district: districtName(tip.district, lang),
      agency: agencyName(tip.agencyCode, lang),
      unit: unitName(tip.unitCode, lang),
      events: tip.events.map((event) => ({
        ...event,
        agency: agencyName(event.agencyCode, lang),
        at: when.event(event.kind, event.createdAt),
      })),
      messages: tip.messages.map((message) => ({ ...message, at: when.message(message) })),
      notes: tip.notes.map((note) => ({ ...note, at: when.exact.format(note.at) })),
      destinationPlaces: destinationPlacesOf(tip.routing.destinationHints, regions),
    },
    linked: linked.map((other) => ({ ...other, agency: agencyName(other.agencyCode, lang) })),
    tipId,
    evidence,
    permissions: {
      status: can(user, "tip:update-status", facts),
      message: can(user, "tip:message", facts),
      note: can(user, "tip:note", facts),
      assign: can(user, "tip:assign", facts),
      transfer: can(user, "tip:transfer", facts),
      postponeDeletion: mayPostponeDeletion(user, { ...facts, ...retention }, policy),
    },
    // Closed tips only: when their content is deleted (docs/decisions/017).
    deletion:
      retention.status === "closed"
        ? {
            on: deletionOn ? pakistanDate(lang).format(deletionOn) : null,
            soon: isDeletionDueSoon(retention, new Date(), policy),
            postponed: Boolean(deletionOn && retention.retainUntil?.getTime() === deletionOn.getTime()),
          }
        : null,
    transitions: allowedTransitions(tip.status as TipStatus),
    assignable,
    triageTargets: triageChoices.map(({ agency, staff }) => ({ code: agency.code, name: agency.name[lang], staff })),
    triageDesk,
    transferTargets: directory.agencies
      .filter((agency) => agency.code !== tip.agencyCode)
      .map((agency) => ({ code: agency.code, name: agency.name[lang] })),
  };
}
