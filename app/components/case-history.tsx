import { useTranslation } from "react-i18next";

export interface HistoryEvent {
  kind: string;
  status: string;
  agency: string;
  at: string;
}

/**
 * A tip's public history, shown to the reporter (follow-up) and to staff (case page). Both namespaces hold the
 * same `events.*` and `statuses.*` keys, worded for their readers.
 */
export function CaseHistory({ heading, events, namespace }: { heading: string; events: HistoryEvent[]; namespace: "follow-up" | "staff" }) {
  const { t } = useTranslation(namespace);
  return (
    <section className="section" aria-labelledby="history-heading">
      <h2 id="history-heading">{heading}</h2>
      <ol className="timeline">
        {events.map((event, index) => (
          <li key={index}>
            <span className="timeline__when">{event.at}</span> {t(`events.${event.kind}`, { status: t(`statuses.${event.status}`), agency: event.agency })}
          </li>
        ))}
      </ol>
    </section>
  );
}
